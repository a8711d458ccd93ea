from smtplib import SMTPException

from celery import shared_task

from config.celery import ReliableTask

from .emails import send_order_email


@shared_task(
    name="orders.send_order_email", autoretry_for=(*ReliableTask.autoretry_for, SMTPException)
)
def send_order_email_task(order_id: int, kind: str) -> bool:
    return send_order_email(order_id=order_id, kind=kind)


@shared_task(name="orders.cancel_unpaid_orders")
def cancel_unpaid_orders() -> int:
    from django.utils import timezone

    from .services import cancel_unpaid_orders as cancel

    return cancel(as_of=timezone.now())


@shared_task(name="orders.send_payment_reminders")
def send_payment_reminders() -> int:
    from django.utils import timezone

    from .reminders import send_payment_reminders as send

    return send(today=timezone.localdate())
