"""Faults around a commit: Redis away when an order is paid. The order is paid by a separate
process (a web worker) on a Redis server of this test's own, which it stops and starts; a real
Celery worker delivers."""

import subprocess
import sys
from decimal import Decimal

import pytest

from apps.core.models import EventDelivery, OutboxEvent
from apps.ledger.models import EntryKind, LedgerEntry
from apps.orders.models import Order, OrderStatus
from tests.conftest import ROOT, celery_worker, child_environment, wait_until
from tests.factories import MemberFactory, make_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

PAY = """
import django
django.setup()
from djmoney.money import Money
from apps.orders.models import Order
from apps.orders.services import mark_paid
from config.celery import app
app.conf.task_always_eager = False  # a web process: tasks go to the broker
order = Order.objects.get(pk={order})
amount = Money(order.total_amount, order.currency)
print(mark_paid(order=order, amount=amount, actor_label="Stripe"))
"""
# What beat sends every minute.
MINUTE_JOB = """
import django
django.setup()
from celery import current_app
current_app.send_task("core.deliver_queued_events")
"""


def run(script: str, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def purchase_points(order) -> list[int]:
    entries = LedgerEntry.objects.filter(source=f"order:{order.pk}", kind=EntryKind.EARN)
    return list(entries.values_list("points", flat=True))


def test_an_order_paid_while_redis_is_down_earns_its_points_once_redis_is_back(private_redis):
    order = make_order(member=MemberFactory(), lines=[(Decimal("320.00"), 1)])
    env = child_environment(TEST_REDIS_URL=private_redis.url)

    with celery_worker(env, log_name="celery-worker-redis-down.log"):
        private_redis.stop()
        paid = run(PAY.format(order=order.pk), env)  # the payment is accepted and committed
        order.refresh_from_db()
        assert paid.strip() == "True" and order.status == OrderStatus.PAID
        assert purchase_points(order) == []

        private_redis.start()  # back, empty: whatever was queued before is gone
        run(MINUTE_JOB, env)

        wait_until(lambda: purchase_points(order), timeout=60)
        run(MINUTE_JOB, env)  # a second run finds nothing to do
        wait_until(
            lambda: not OutboxEvent.objects.exists() and not EventDelivery.objects.exists(),
            timeout=60,
        )

    assert purchase_points(order) == [320]
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
