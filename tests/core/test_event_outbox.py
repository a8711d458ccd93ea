"""The outbox is the one event path: ``publish`` (and the ledger's SQL) write events in the
publisher's transaction; ``deliver_queued_events`` hands each subscriber its events at least
once, with per-subscriber progress, retries with backoff and nothing lost after a commit."""

import json
import threading
import time
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import redis
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from djmoney.money import Money

from apps.core import events, outbox
from apps.core.events import Event, declare
from apps.core.models import EventDelivery, OutboxEvent
from apps.core.tasks import deliver_queued_events
from apps.integrations.models import WebhookDelivery
from apps.integrations.webhooks.endpoints import create_endpoint
from apps.ledger import services
from apps.ledger.errors import InsufficientPoints
from apps.ledger.events import PointsEarned, PointsSpent
from apps.ledger.models import EarningRule, EntryKind, LedgerEntry, RuleKind
from apps.members.models import Referral, ReferralStatus
from apps.notifications.models import Kind, Notification
from apps.orders.events import OrderPaid
from apps.orders.models import OrderEmail
from apps.orders.services import mark_paid
from apps.tiers.models import Tier, TierChange
from config.celery import LEDGER_QUEUE
from tests.conftest import wait_until
from tests.events import recording
from tests.factories import MemberFactory, make_order
from tests.integrations.conftest import Receiver

pytestmark = pytest.mark.django_db(transaction=True)


@declare("test.happened")
class Happened(Event):
    """Something happened (declared for these tests only)."""

    n: int


@pytest.fixture
def subscribed():
    """Subscribe functions to ``Happened`` for the test: ``subscribed(handle, many=False)``."""
    handles = []

    def subscribe(handle, *, many: bool = False):
        events.subscriber(Happened, many=many)(handle)
        handles.append(handle)
        return handle

    yield subscribe
    for handle in handles:
        events.unsubscribe(Happened, handle)


def test_earn_and_spend_events_are_delivered_after_commit_and_leave_the_outbox():
    member = MemberFactory()

    with recording(PointsEarned, PointsSpent) as received, transaction.atomic():
        earned = services.earn(member=member, points=700, reason="r", idempotency_key="e1")
        spent = services.spend(member=member, points=200, reason="r", idempotency_key="s1")
        assert OutboxEvent.objects.count() == 2  # written with the change...
        assert received == []  # ...and delivered only once it is committed

    payload = {"member_id": member.pk}
    assert received == [
        ("points.earned", {**payload, "entry_id": earned.entry.pk, "points": 700}),
        ("points.spent", {**payload, "entry_id": spent.entry.pk, "points": 200}),
    ]
    assert not OutboxEvent.objects.exists() and not EventDelivery.objects.exists()


def test_a_replayed_or_refused_call_announces_nothing():
    member = MemberFactory()
    services.earn(member=member, points=100, reason="r", idempotency_key="e1")

    with recording(PointsEarned, PointsSpent) as received:
        services.earn(member=member, points=100, reason="r", idempotency_key="e1")  # replay
        with pytest.raises(InsufficientPoints):
            services.spend(member=member, points=101, reason="r", idempotency_key="s1")

    assert received == []
    assert not OutboxEvent.objects.exists()


def test_a_rolled_back_change_leaves_no_event(subscribed):
    handed = []
    subscribed(lambda event: handed.append(event.n))

    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish(Happened(n=1))
        raise RuntimeError

    deliver_queued_events()
    assert handed == []
    assert not OutboxEvent.objects.exists()


def test_a_process_killed_after_commit_loses_nothing():
    """The order is paid and committed, and the process dies before any on-commit work: no
    delivery is requested. The minute job finds the event in the outbox and the order earns its
    points, once."""
    member = MemberFactory()
    order = make_order(member=member, lines=[(Decimal("250.00"), 1)])

    with transaction.atomic():
        mark_paid(order=order, amount=Money("250.00", "USD"), actor_label="Stripe")
        connection.run_on_commit.clear()  # killed: nothing after the commit runs

    def purchase_points():
        return list(
            LedgerEntry.objects.filter(source=f"order:{order.pk}", kind=EntryKind.EARN).values_list(
                "points", flat=True
            )
        )

    assert purchase_points() == []
    assert OutboxEvent.objects.filter(name=OrderPaid.name).count() == 1

    deliver_queued_events()  # what beat runs every minute
    deliver_queued_events()

    assert purchase_points() == [250]
    assert OrderEmail.objects.filter(order=order, kind="paid").count() == 1


def test_a_failing_subscriber_is_retried_later_and_the_others_get_the_event_once(subscribed):
    handed = {"healthy": [], "flaky": []}
    failures = [ConnectionError("broker down")]

    def healthy(event):
        handed["healthy"].append(event.n)

    def flaky(event):
        if failures:
            raise failures.pop()
        handed["flaky"].append(event.n)

    subscribed(healthy)
    subscribed(flaky)

    events.publish(Happened(n=1))  # outside a transaction: committed and delivered at once

    assert handed == {"healthy": [1], "flaky": []}
    waiting = EventDelivery.objects.get()
    assert waiting.subscriber.endswith(".flaky") and waiting.name == "test.happened"
    assert waiting.attempts == 1
    assert waiting.last_error == "ConnectionError: broker down"
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=25)  # backoff

    deliver_queued_events()  # the minute job, before the next attempt is due
    assert handed == {"healthy": [1], "flaky": []}

    EventDelivery.objects.update(next_attempt_at=timezone.now())  # time passes
    deliver_queued_events()

    assert handed == {"healthy": [1], "flaky": [1]}  # each subscriber got it once
    assert not EventDelivery.objects.exists()


def test_the_pause_doubles_with_every_failure_up_to_its_cap(settings):
    settings.EVENT_RETRY_BASE_SECONDS, settings.EVENT_RETRY_MAX_SECONDS = 30, 3600

    expected = {1: 30, 2: 60, 3: 120, 8: 3600, 20: 3600}

    for failures, pause in expected.items():
        assert pause <= outbox.retry_delay(failures) <= pause * 1.1  # plus up to a tenth


def test_one_bad_event_in_a_batch_holds_back_only_itself(subscribed):
    handed = []

    def batch(happenings):
        if any(event.n == 2 for event in happenings):
            raise ValueError("cannot handle 2")
        handed.extend(event.n for event in happenings)

    subscribed(batch, many=True)

    events.publish_many([Happened(n=n) for n in (1, 2, 3)])

    assert sorted(handed) == [1, 3]
    waiting = EventDelivery.objects.get()
    assert (waiting.payload, waiting.attempts) == ({"n": 2}, 1)


def test_a_delivered_event_handed_over_again_changes_nothing(django_capture_on_commit_callbacks):
    """Duplicates are harmless: a second and third ``order.paid`` for one order (a redelivery)
    award no more points, tier change, referral reward, email, notification or webhook."""
    Tier.objects.create(name_en="Member", rank=0)
    Tier.objects.create(name_en="Silver", rank=1, qualifying_spend=100)
    EarningRule.objects.create(name_en="Referral", kind=RuleKind.REFERRAL, points=300)
    referrer, member = MemberFactory(), MemberFactory()
    Referral.objects.create(referrer=referrer, referred=member)
    order = make_order(member=member, lines=[(Decimal("250.00"), 1)])

    def effects():
        return {
            "ledger": sorted(LedgerEntry.objects.values_list("source", "points")),
            "tier changes": TierChange.objects.count(),
            "referral": Referral.objects.get().status,
            "emails": OrderEmail.objects.count(),
            "notifications": sorted(Notification.objects.values_list("kind", flat=True)),
            "webhooks": WebhookDelivery.objects.count(),
        }

    with Receiver() as receiver:
        create_endpoint(url=receiver.url, events=[OrderPaid.name])
        mark_paid(order=order, amount=Money("250.00", "USD"), actor_label="Stripe")
        once = effects()
        events.publish_many([OrderPaid(order_id=order.pk), OrderPaid(order_id=order.pk)])
        again = effects()
        wait_until(lambda: len(receiver.received) >= 1)

    assert once["ledger"] == [
        (f"order:{order.pk}", 250),
        (f"referral:{member.pk}:referred", 300),
        (f"referral:{member.pk}:referrer", 300),
    ]
    assert once["tier changes"] == 1  # up to Silver
    assert once["referral"] == ReferralStatus.REWARDED
    assert (once["emails"], once["webhooks"]) == (2, 1)  # placed and paid; order.paid
    assert Kind.TIER_UP in once["notifications"]
    assert again == once
    assert len(receiver.received) == 1
    assert not EventDelivery.objects.exists()


def test_concurrent_runs_hand_each_event_to_each_subscriber_once(subscribed, monkeypatch):
    monkeypatch.setattr(outbox, "kick_outbox", lambda: None)  # the runs below deliver
    delivered, lock = [], threading.Lock()

    def collect(happenings):
        with lock:
            delivered.extend(event.n for event in happenings)

    subscribed(collect, many=True)
    events.publish_many([Happened(n=n) for n in range(3000)])
    barrier = threading.Barrier(3)

    def drain():
        barrier.wait()
        try:
            outbox.drain(batch=100)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(delivered) == list(range(3000))
    assert not OutboxEvent.objects.exists() and not EventDelivery.objects.exists()


@pytest.fixture
def queued_mode(monkeypatch):
    """Tasks go to the broker (nobody consumes them here) instead of running at once."""
    from config.celery import app

    app.conf.task_always_eager = False
    monkeypatch.setattr(outbox.memo, "queued_task_seen_at", float("-inf"))
    cache.delete(outbox.OUTBOX_KICK_KEY)
    try:
        yield
    finally:
        app.conf.task_always_eager = True
        cache.delete(outbox.OUTBOX_KICK_KEY)


def test_a_skipped_kick_is_covered_by_the_task_seen_queued(queued_mode, monkeypatch):
    # A generous window, so that a slow machine cannot let it pass between the two earns.
    monkeypatch.setattr(outbox, "OUTBOX_KICK_MEMO_SECONDS", 1.0)
    member = MemberFactory()
    with recording(PointsEarned) as received:
        first = services.earn(member=member, points=5, reason="r", idempotency_key="e1").entry
        assert cache.get(outbox.OUTBOX_KICK_KEY) is not None  # a delivery task is queued

        def run_the_queued_task():  # what the worker does with it, lingering as the task does
            try:
                outbox.drain(linger=outbox.OUTBOX_KICK_MEMO_SECONDS)
            finally:
                connection.close()

        task = threading.Thread(target=run_the_queued_task)
        task.start()
        wait_until(lambda: received)  # started (the key is gone) and delivered the first event
        second = services.earn(member=member, points=7, reason="r", idempotency_key="e2").entry
        assert cache.get(outbox.OUTBOX_KICK_KEY) is None  # this kick asked nobody: skipped
        task.join()

    assert [payload["entry_id"] for _name, payload in received] == [first.pk, second.pk]
    assert not OutboxEvent.objects.exists()


def test_a_kick_asks_again_once_the_memo_is_older_than_its_window(queued_mode):
    member = MemberFactory()
    services.earn(member=member, points=5, reason="r", idempotency_key="e1")
    cache.delete(outbox.OUTBOX_KICK_KEY)  # the queued task started
    time.sleep(outbox.OUTBOX_KICK_MEMO_SECONDS + 0.05)

    with recording(PointsEarned) as received:
        services.earn(member=member, points=7, reason="r", idempotency_key="e2")
        assert cache.get(outbox.OUTBOX_KICK_KEY) is not None  # a new task is queued
        outbox.drain()

    assert len(received) == 2


def test_failed_deliveries_get_one_task_queued_for_when_they_are_due(
    queued_mode, subscribed, settings
):
    settings.EVENT_RETRY_BASE_SECONDS = 5
    failures = [ConnectionError("down"), ConnectionError("down")]

    def flaky(event):
        if failures:
            raise failures.pop()

    subscribed(flaky)
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(LEDGER_QUEUE)
    cache.delete(outbox.RETRY_KEY)
    try:
        with transaction.atomic():
            events.publish(Happened(n=1))
            events.publish(Happened(n=2))
        outbox.drain()  # what the kick's task does: both fail
        messages = [json.loads(message) for message in broker.lrange(LEDGER_QUEUE, 0, -1)]
    finally:
        broker.delete(LEDGER_QUEUE)
        cache.delete(outbox.RETRY_KEY)

    waiting = list(EventDelivery.objects.values_list("next_attempt_at", flat=True))
    assert len(waiting) == 2 and not failures
    retries = [m["headers"]["eta"] for m in messages if m["headers"].get("eta")]
    assert len(retries) == 1  # one task for the window, not one per row
    eta = datetime.fromisoformat(retries[0])
    assert max(waiting) <= eta <= max(waiting) + timedelta(seconds=2)  # due then, not a minute on


@pytest.mark.worker
def test_a_real_worker_delivers_ledger_events(celery_worker_process):
    member = MemberFactory()

    result = services.earn(member=member, points=250, reason="Welcome gift", idempotency_key="e1")

    notification = wait_until(
        lambda: Notification.objects.filter(member=member, kind=Kind.POINTS_EARNED).first()
    )
    assert notification.dedupe_key == f"points.earned:{result.entry.pk}"
    wait_until(lambda: not OutboxEvent.objects.exists() and not EventDelivery.objects.exists())


def test_staff_see_queued_events_in_the_admin_but_cannot_edit_them(admin_client):
    OutboxEvent.objects.create(name="points.earned", payload={"entry_id": 7})

    page = admin_client.get("/admin/core/outboxevent/")

    assert page.status_code == 200
    assert b"points.earned" in page.content
    assert admin_client.get("/admin/core/outboxevent/add/").status_code == 403


def test_staff_see_a_failing_subscriber_and_can_have_it_tried_again_now(admin_client, subscribed):
    handed, failures = [], [RuntimeError("SMTP server away")]

    def flaky(event):
        if failures:
            raise failures.pop()
        handed.append(event.n)

    subscribed(flaky)
    events.publish(Happened(n=1))
    waiting = EventDelivery.objects.get()

    listing = admin_client.get("/admin/core/eventdelivery/", HTTP_ACCEPT_LANGUAGE="de")
    detail = admin_client.get(f"/admin/core/eventdelivery/{waiting.pk}/change/")
    response = admin_client.post(
        "/admin/core/eventdelivery/",
        {"action": "retry_now", "_selected_action": [waiting.pk]},
    )

    assert listing.status_code == 200 and detail.status_code == 200
    page = listing.content.decode()
    assert "RuntimeError: SMTP server away" in page and "test_event_outbox" in page
    assert "Empfänger" in page  # the staff member's language
    assert response.status_code == 302
    assert handed == [1]  # tried again at once (after the action's commit)
    assert not EventDelivery.objects.exists()
    assert admin_client.get("/admin/core/eventdelivery/add/").status_code == 403
