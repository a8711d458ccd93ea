"""Faults with real worker processes: a worker killed (kill -9) in the middle of the expiry job,
while a flood of notifications waits in its own queue: another worker finishes the job within
the visibility timeout (shortened here to seconds), from where the dead one's last committed
batch stopped. Two beats sending the job every second: one run at a time. Each account is
expired exactly once and the ledger adds up."""

import itertools
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
import redis
from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from apps.core.models import JobRun
from apps.ledger.tasks import EXPIRY, expire_points
from config.celery import NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE, app
from tests.conftest import ARTIFACTS, ROOT, celery_worker, child_environment, wait_until

from .test_batch_jobs import assert_ledger_adds_up, expired_accounts, members_with_expired_points

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

VISIBILITY_TIMEOUT = 8  # seconds (two minutes in production)


@pytest.fixture
def notification_flood():
    """2,000 notification tasks waiting in their queue, which no worker here consumes."""
    with app.producer_or_acquire() as producer:
        for number in range(2000):
            app.send_task("notifications.deliver", args=[-number], producer=producer)
    yield
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE)  # nor leave them to later tests


def test_a_worker_killed_mid_expiry_leaves_the_rest_to_another_within_seconds(
    database_owner, notification_flood
):
    accounts = members_with_expired_points(database_owner, 6)
    env = child_environment(
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT), LEDGER_JOB_BATCH_ACCOUNTS="2"
    )
    with database_owner.cursor() as cursor:
        # A shopper's transaction holds the third account: the job's second batch waits for it.
        cursor.execute(
            "BEGIN; SELECT 1 FROM ledger_pointsaccount WHERE id = %s FOR UPDATE", [accounts[2]]
        )
        with celery_worker(env, queues="ledger", log_name="worker-killed.log") as first:
            expire_points.delay()
            wait_until(lambda: JobRun.objects.filter(job=EXPIRY.name, batches=1).exists())
            time.sleep(1)  # well into the second batch
            first.kill()  # SIGKILL: no clean-up, the message stays unacknowledged
            first.wait()
        cursor.execute("ROLLBACK")

        assert expired_accounts() == accounts[:2]  # the first batch, committed
        killed_at = time.monotonic()
        with celery_worker(env, queues="ledger", log_name="worker-after-kill.log"):
            run = wait_until(
                lambda: JobRun.objects.filter(job=EXPIRY.name, finished_at__isnull=False).first(),
                timeout=60,
            )
            finished_in = time.monotonic() - killed_at

    print(f"expiry finished {finished_in:.1f} s after the kill")
    assert expired_accounts() == accounts  # each account once: no batch done twice
    assert (run.batches, run.changed) == (4, 6)  # 2 + 2 + 2 accounts, then none left
    assert JobRun.objects.count() == 1
    assert_ledger_adds_up(accounts)


# `celery beat`, sending to the broker (the test settings run tasks eagerly, in the sender).
BEAT = """
from config.celery import app
app.conf.task_always_eager = False
app.start(["beat", "--loglevel=INFO", "--pidfile="])
"""


@contextmanager
def beat(env: dict, log_name: str):
    """A real `celery beat` process (database scheduler) on the test database."""
    log = ARTIFACTS / log_name
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", BEAT],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_two_beats_and_two_workers_never_run_the_expiry_job_twice_at_once(database_owner):
    accounts = members_with_expired_points(database_owner, 4)
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="Expire points", task=EXPIRY.name, interval=every_second)
    env = child_environment(LEDGER_JOB_BATCH_ACCOUNTS="1")

    with (
        celery_worker(env, queues="ledger", log_name="worker-two-beats-1.log"),
        celery_worker(env, queues="ledger", log_name="worker-two-beats-2.log"),
        beat(env, "beat-1.log"),
        beat(env, "beat-2.log"),
    ):
        wait_until(
            lambda: JobRun.objects.filter(finished_at__isnull=False).count() >= 4, timeout=60
        )

    assert expired_accounts() == accounts  # each account once
    runs = list(JobRun.objects.filter(finished_at__isnull=False).order_by("started_at"))
    for earlier, later in itertools.pairwise(runs):
        assert earlier.finished_at <= later.started_at  # one run at a time
    assert_ledger_adds_up(accounts)
