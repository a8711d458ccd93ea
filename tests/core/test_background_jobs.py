"""Celery: a real worker process through Redis, and the beat schedules."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.core.tasks import clear_expired_sessions
from config.schedules import SCHEDULES
from tests.conftest import wait_until


def make_session(key: str, *, expires_in: timedelta) -> None:
    Session.objects.create(
        session_key=key, session_data="e30:", expire_date=timezone.now() + expires_in
    )


@pytest.mark.worker
def test_a_real_worker_clears_expired_sessions(celery_worker_process):
    make_session("expired" * 4, expires_in=timedelta(days=-1))
    make_session("current" * 4, expires_in=timedelta(days=1))

    clear_expired_sessions.delay()

    wait_until(lambda: not Session.objects.filter(session_key="expired" * 4).exists())
    assert Session.objects.filter(session_key="current" * 4).exists()


@pytest.mark.django_db
def test_setup_schedules_installs_every_job_once():
    call_command("setup_schedules")
    call_command("setup_schedules")

    names = list(PeriodicTask.objects.values_list("name", flat=True))
    assert sorted(names) == sorted(job["name"] for job in SCHEDULES)


@pytest.mark.django_db
def test_setup_schedules_keeps_the_merchants_changes():
    call_command("setup_schedules")
    job = PeriodicTask.objects.get(name=SCHEDULES[0]["name"])
    job.enabled = False
    job.crontab.hour = "5"
    job.crontab.save(update_fields=["hour"])
    job.save(update_fields=["enabled"])

    call_command("setup_schedules")

    job.refresh_from_db()
    assert job.enabled is False
    assert job.crontab.hour == "5"


def test_every_scheduled_task_exists():
    from config.celery import app

    app.loader.import_default_modules()
    for job in SCHEDULES:
        assert job["task"] in app.tasks
