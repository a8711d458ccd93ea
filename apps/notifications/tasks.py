"""Celery tasks of notifications: thin and idempotent; the work is in services, triggers, jobs."""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from config.celery import ReliableTask

from . import jobs, services, triggers


@shared_task(
    name="notifications.deliver", autoretry_for=(*ReliableTask.autoretry_for, SMTPException)
)
def deliver_notification(notification_id: int) -> str:
    return services.deliver(notification_id=notification_id)


@shared_task(name="notifications.record_event")
def record_event(event: str, payload: dict) -> None:
    triggers.record(event, payload)


@shared_task(name="notifications.record_events", autoretry_for=ReliableTask.autoretry_for)
def record_events(event: str, payloads: list[dict]) -> None:
    """A bulk job's events (one chunk); re-running it is safe, each notification has its key."""
    for payload in payloads:
        triggers.record(event, payload)


@shared_task(name="notifications.remind_expiring_points")
def remind_expiring_points() -> int:
    return jobs.remind_expiring_points(as_of=timezone.now())


@shared_task(name="notifications.celebrate_birthdays")
def celebrate_birthdays() -> int:
    return jobs.celebrate_birthdays(as_of=timezone.now())


@shared_task(name="notifications.re_engage_members")
def re_engage_members() -> int:
    return jobs.re_engage_at_risk_members(as_of=timezone.now())
