from celery import shared_task
from django.contrib.sessions.backends.cached_db import SessionStore


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions() -> None:
    """Delete expired sessions from the database. Idempotent: a second run finds nothing."""
    SessionStore.clear_expired()
