"""Celery tasks of notifications: thin and idempotent; the work is in services and jobs. The
periodic jobs run under a lease (``apps.core.batch_jobs``), so a second beat or a redelivered
message never runs one beside itself."""

from smtplib import SMTPException

from celery import shared_task

from apps.core import batch_jobs
from config.celery import ReliableTask

from . import jobs, services

REMINDERS = batch_jobs.BatchJob.in_one_batch(
    "notifications.remind_expiring_points", jobs.remind_expiring_points
)
BIRTHDAYS = batch_jobs.BatchJob.in_one_batch(
    "notifications.celebrate_birthdays", jobs.celebrate_birthdays
)
RE_ENGAGEMENT = batch_jobs.BatchJob.in_one_batch(
    "notifications.re_engage_members", jobs.re_engage_at_risk_members
)


@shared_task(
    name="notifications.deliver", autoretry_for=(*ReliableTask.autoretry_for, SMTPException)
)
def deliver_notification(notification_id: int) -> str:
    return services.deliver(notification_id=notification_id)


@shared_task(name=REMINDERS.name, bind=True)
def remind_expiring_points(self, run_id: int | None = None) -> int:
    return batch_jobs.run(self, REMINDERS, run_id=run_id)


@shared_task(name=BIRTHDAYS.name, bind=True)
def celebrate_birthdays(self, run_id: int | None = None) -> int:
    return batch_jobs.run(self, BIRTHDAYS, run_id=run_id)


@shared_task(name=RE_ENGAGEMENT.name, bind=True)
def re_engage_members(self, run_id: int | None = None) -> int:
    return batch_jobs.run(self, RE_ENGAGEMENT, run_id=run_id)
