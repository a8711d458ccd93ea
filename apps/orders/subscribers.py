"""What orders do when their own events happen: tell the buyer."""

from apps.core import events

from .emails import PAID, PLACED


@events.subscriber(events.ORDER_PLACED)
def email_order_placed(*, order_id: int, **_payload) -> None:
    from .tasks import send_order_email_task

    send_order_email_task.delay(order_id, PLACED)


@events.subscriber(events.ORDER_PAID)
def email_order_paid(*, order_id: int, **_payload) -> None:
    from .tasks import send_order_email_task

    send_order_email_task.delay(order_id, PAID)
