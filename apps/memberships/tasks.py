"""Celery tasks of paid membership: thin, idempotent, calling services."""

from celery import shared_task

from . import services


@shared_task(name="memberships.send_payment_reminders")
def send_payment_reminders() -> int:
    return services.send_due_reminders()
