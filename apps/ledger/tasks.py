"""Celery tasks of the ledger: thin and idempotent; the work is in ``jobs``."""

from celery import shared_task
from django.utils import timezone

from . import jobs


@shared_task(name="ledger.release_pending_points")
def release_pending_points() -> int:
    now = timezone.now()
    return jobs.release_due_lots(as_of=now, now=now)


@shared_task(name="ledger.expire_points")
def expire_points() -> int:
    now = timezone.now()
    jobs.release_due_lots(as_of=now, now=now)
    return jobs.expire_due_lots(as_of=now, now=now)
