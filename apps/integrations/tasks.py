"""Celery tasks of the integrations app: thin; the work is in ``webhooks``."""

from typing import Any

from celery import Task, shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .webhooks import delivery, expiry


@shared_task(name="integrations.deliver_webhook", bind=True)
def deliver_webhook(self: Task[Any, str], delivery_id: int, attempt: int) -> str:
    # A retry (the database went away) may find the attempt claimed by its own first run.
    resumed = self.request.retries > 0
    return delivery.attempt_delivery(delivery_id=delivery_id, attempt=attempt, resumed=resumed)


@shared_task(name="integrations.announce_expired_points")
def announce_expired_points(account_ids: list[int], as_of: str) -> int:
    moment = parse_datetime(as_of)
    if moment is None:  # written by our own subscriber: an ISO date and time
        raise ValueError(f"{as_of!r} is not a date and time")
    return expiry.announce_expired_points(account_ids=account_ids, as_of=moment)


@shared_task(name="integrations.retry_due_webhooks")
def retry_due_webhooks() -> int:
    return delivery.retry_due(as_of=timezone.now())
