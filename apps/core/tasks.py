from celery import shared_task
from django.contrib.sessions.backends.cached_db import SessionStore


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete expired sessions from the database. Idempotent: a second run finds nothing."""
    SessionStore.clear_expired()


@shared_task(name="core.deliver_queued_events")
def deliver_queued_events() -> int:
    """Hand the outbox's events to their subscribers (see ``apps.core.events``). Safe to run
    twice or concurrently: each event is taken by one run."""
    from . import events

    return events.drain_outbox()
