from celery import shared_task
from django.contrib.sessions.backends.db import SessionStore

from . import outbox


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete expired sessions from the database. Idempotent: a second run finds nothing."""
    SessionStore.clear_expired()


@shared_task(name="core.deliver_queued_events")
def deliver_queued_events() -> int:
    """Hand the outbox's events to their subscribers (see ``apps.core.outbox``). Safe to run
    twice or concurrently: each event, and each subscriber's delivery, is taken by one run."""
    # Eager runs (tests, one process) are called by every kick: nothing to wait for.
    eager = deliver_queued_events.app.conf.task_always_eager
    return outbox.drain(linger=0 if eager else outbox.OUTBOX_KICK_MEMO_SECONDS)
