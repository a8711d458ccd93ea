"""Faults with real worker processes: a worker killed (kill -9) in the middle of the expiry job,
while a flood of notifications waits in its own queue. Another worker finishes the job within
the visibility timeout (shortened here to seconds), from where the dead one's last committed
batch stopped, each account expired exactly once."""

import time

import pytest
import redis
from django.conf import settings

from apps.core.models import JobRun
from apps.ledger.tasks import EXPIRY, expire_points
from config.celery import NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE, app
from tests.conftest import celery_worker, child_environment, wait_until

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
