"""Celery tasks of paid membership: thin, idempotent, calling services."""

import stripe
from celery import shared_task

from . import services


@shared_task(name="memberships.send_payment_reminders")
def send_payment_reminders() -> int:
    return services.send_due_reminders()


@shared_task(
    name="memberships.cancel_at_stripe",
    autoretry_for=(stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError),
    retry_backoff=True,
    max_retries=12,
)
def cancel_at_stripe(subscription_id: str) -> None:
    services.cancel_at_stripe(subscription_id=subscription_id)
