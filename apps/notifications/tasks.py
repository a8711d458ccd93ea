"""Celery tasks of notifications: thin and idempotent; the work is in services and jobs."""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from config.celery import ReliableTask

from . import jobs, services


@shared_task(
    name="notifications.deliver", autoretry_for=(*ReliableTask.autoretry_for, SMTPException)
)
def deliver_notification(notification_id: int) -> str:
    return services.deliver(notification_id=notification_id)


@shared_task(name="notifications.remind_expiring_points")
def remind_expiring_points() -> int:
    return jobs.remind_expiring_points(as_of=timezone.now())


@shared_task(name="notifications.celebrate_birthdays")
def celebrate_birthdays() -> int:
    return jobs.celebrate_birthdays(as_of=timezone.now())


@shared_task(name="notifications.re_engage_members")
def re_engage_members() -> int:
    return jobs.re_engage_at_risk_members(as_of=timezone.now())
