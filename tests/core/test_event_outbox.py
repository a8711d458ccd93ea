"""The event outbox: the ledger's earn and spend write their events in their own transaction;
``deliver_queued_events`` hands them to subscribers in batches and deletes them."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from apps.core import events
from apps.core.models import OutboxEvent
from apps.core.tasks import deliver_queued_events
from apps.ledger import services
from apps.ledger.errors import InsufficientPoints
from apps.ledger.services import POINTS_EARNED, POINTS_SPENT
from apps.notifications.models import Kind, Notification
from tests.conftest import wait_until
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def received():
    """What a points subscriber was given: (event, entry id) in delivery order."""
    calls, lock = [], threading.Lock()

    def on_earned(**payload):
        with lock:
            calls.append((POINTS_EARNED, payload["entry_id"], payload["points"]))

    def on_spent(**payload):
        with lock:
            calls.append((POINTS_SPENT, payload["entry_id"], payload["points"]))

    events.subscriber(POINTS_EARNED)(on_earned)
    events.subscriber(POINTS_SPENT)(on_spent)
    yield calls
    events.unsubscribe(POINTS_EARNED, on_earned)
    events.unsubscribe(POINTS_SPENT, on_spent)


def test_earn_and_spend_events_are_delivered_after_commit_and_leave_the_outbox(received):
    member = MemberFactory()

    with transaction.atomic():
        earned = services.earn(member=member, points=700, reason="r", idempotency_key="e1")
        spent = services.spend(member=member, points=200, reason="r", idempotency_key="s1")
        assert OutboxEvent.objects.count() == 2  # written with the change...
        assert received == []  # ...and delivered only once it is committed

    assert received == [
        (POINTS_EARNED, earned.entry.pk, 700),
        (POINTS_SPENT, spent.entry.pk, 200),
    ]
    assert not OutboxEvent.objects.exists()


def test_a_replayed_or_refused_call_announces_nothing(received):
    member = MemberFactory()
    services.earn(member=member, points=100, reason="r", idempotency_key="e1")
    received.clear()

    services.earn(member=member, points=100, reason="r", idempotency_key="e1")  # replay
    with pytest.raises(InsufficientPoints):
        services.spend(member=member, points=101, reason="r", idempotency_key="s1")

    assert received == []
    assert not OutboxEvent.objects.exists()


def test_a_rolled_back_change_leaves_no_event(received):
    member = MemberFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        services.earn(member=member, points=100, reason="r", idempotency_key="e1")
        raise RuntimeError

    deliver_queued_events()
    assert received == []
    assert not OutboxEvent.objects.exists()


def test_an_event_whose_delivery_was_never_queued_goes_out_with_the_minute_job(received):
    member = MemberFactory()
    entry = services.earn(member=member, points=5, reason="r", idempotency_key="e1").entry
    received.clear()
    # What a process that died between its commit and its kick leaves behind.
    payload = {"member_id": member.pk, "entry_id": entry.pk, "points": 5}
    OutboxEvent.objects.create(name=POINTS_EARNED, payload=payload)

    assert deliver_queued_events() == 1
    assert received == [(POINTS_EARNED, entry.pk, 5)]
    assert deliver_queued_events() == 0  # nothing twice


def test_a_failing_subscriber_keeps_the_batch_for_the_next_run(received):
    healthy = []

    def broken(**_payload):
        raise ConnectionError("broker down")

    events.subscriber("test.outbox")(broken)
    events.subscriber("test.outbox")(lambda **payload: healthy.append(payload["n"]))
    try:
        OutboxEvent.objects.create(name="test.outbox", payload={"n": 1})
        with pytest.raises(ConnectionError):
            deliver_queued_events()
        assert OutboxEvent.objects.count() == 1  # kept

        events.unsubscribe("test.outbox", broken)  # the broker is back
        assert deliver_queued_events() == 1
    finally:
        events._handlers.pop("test.outbox", None)

    assert healthy == [1, 1]  # subscribers are idempotent: they may see an event again
    assert not OutboxEvent.objects.exists()


def test_concurrent_runs_deliver_each_event_once():
    delivered, lock = [], threading.Lock()

    def collect(**payload):
        with lock:
            delivered.append(payload["n"])

    events.subscriber("test.outbox")(collect)
    OutboxEvent.objects.bulk_create(
        OutboxEvent(name="test.outbox", payload={"n": n}) for n in range(3000)
    )
    barrier = threading.Barrier(3)

    def drain():
        barrier.wait()
        try:
            events.drain_outbox(batch=100)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        events.unsubscribe("test.outbox", collect)

    assert sorted(delivered) == list(range(3000))


@pytest.fixture
def queued_mode(monkeypatch):
    """Tasks go to the broker (nobody consumes them here) instead of running at once."""
    from config.celery import app

    app.conf.task_always_eager = False
    monkeypatch.setattr(events, "_queued_task_seen_at", float("-inf"))
    cache.delete(events.OUTBOX_KICK_KEY)
    try:
        yield
    finally:
        app.conf.task_always_eager = True
        cache.delete(events.OUTBOX_KICK_KEY)


def test_a_skipped_kick_is_covered_by_the_task_seen_queued(received, queued_mode, monkeypatch):
    # A generous window, so that a slow machine cannot let it pass between the two earns.
    monkeypatch.setattr(events, "OUTBOX_KICK_MEMO_SECONDS", 1.0)
    member = MemberFactory()
    first = services.earn(member=member, points=5, reason="r", idempotency_key="e1").entry
    assert cache.get(events.OUTBOX_KICK_KEY) is not None  # a delivery task is queued

    def run_the_queued_task():  # what the worker does with it, lingering as the task does
        try:
            events.drain_outbox(linger=events.OUTBOX_KICK_MEMO_SECONDS)
        finally:
            connection.close()

    task = threading.Thread(target=run_the_queued_task)
    task.start()
    wait_until(lambda: received)  # started (the key is gone) and delivered the first event
    second = services.earn(member=member, points=7, reason="r", idempotency_key="e2").entry
    assert cache.get(events.OUTBOX_KICK_KEY) is None  # this kick asked nobody: it was skipped
    task.join()

    assert received == [(POINTS_EARNED, first.pk, 5), (POINTS_EARNED, second.pk, 7)]
    assert not OutboxEvent.objects.exists()


def test_a_kick_asks_again_once_the_memo_is_older_than_its_window(received, queued_mode):
    member = MemberFactory()
    services.earn(member=member, points=5, reason="r", idempotency_key="e1")
    cache.delete(events.OUTBOX_KICK_KEY)  # the queued task started
    time.sleep(events.OUTBOX_KICK_MEMO_SECONDS + 0.05)

    services.earn(member=member, points=7, reason="r", idempotency_key="e2")

    assert cache.get(events.OUTBOX_KICK_KEY) is not None  # a new task is queued
    assert events.drain_outbox() == 2 and len(received) == 2


@pytest.mark.worker
def test_a_real_worker_delivers_ledger_events(celery_worker_process):
    member = MemberFactory()

    result = services.earn(member=member, points=250, reason="Welcome gift", idempotency_key="e1")

    notification = wait_until(
        lambda: Notification.objects.filter(member=member, kind=Kind.POINTS_EARNED).first()
    )
    assert notification.dedupe_key == f"points.earned:{result.entry.pk}"
    wait_until(lambda: not OutboxEvent.objects.exists())


def test_staff_see_queued_events_in_the_admin_but_cannot_edit_them(admin_client):
    OutboxEvent.objects.create(name="points.earned", payload={"entry_id": 7})

    page = admin_client.get("/admin/core/outboxevent/")

    assert page.status_code == 200
    assert b"points.earned" in page.content
    assert admin_client.get("/admin/core/outboxevent/add/").status_code == 403
