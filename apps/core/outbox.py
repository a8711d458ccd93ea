"""The outbox: events written in the publisher's transaction, and delivered to every
subscriber at least once (declaring, publishing and subscribing: ``apps.core.events``).

``write`` inserts the rows and asks for a delivery after commit (``kick_outbox``). ``drain``
(the ``core.deliver_queued_events`` task, queued by those kicks and run every minute by beat as
a safety net) works in two steps:

1. **Fan out**: one statement takes a batch of outbox rows (``FOR UPDATE SKIP LOCKED``, so
   concurrent runs take disjoint rows) and turns each into one ``EventDelivery`` row per
   subscriber of its event. Events nobody subscribes to are simply taken.
2. **Hand out**: for each subscriber with due rows, take them (``SKIP LOCKED`` again), call the
   subscriber and delete the rows in one transaction: the subscriber's database work and its
   progress commit together. A subscriber marked ``many`` gets up to a batch per call; others
   one event per transaction, so a slow one holds its locks briefly.

A failing subscriber's transaction rolls back; its rows (one by one, when a batch failed, so
one bad event does not hold back good ones) get their attempt counted, the error recorded and
their next attempt moved out with exponential backoff (a delivery task is queued for then, or
the minute job takes it). The other subscribers are neither held up nor handed the event again.
Rows stay until the subscriber succeeds; staff see them in the
admin (*Event deliveries*) and can ask for an attempt now.
"""

import json
import logging
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.functions import Now

from . import request_id as request_ids
from .models import EventDelivery, OutboxEvent

if TYPE_CHECKING:  # events imports this module to write and deliver
    from .events import Event

logger = logging.getLogger(__name__)

# Subscribers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscriber:
    """One function subscribed to one declared event (``events.subscriber``). ``key`` (module
    and function name) records its progress in the delivery rows: a renamed subscriber leaves
    its waiting rows behind (staff see them in the admin)."""

    key: str
    event: "type[Event]"  # the declared event
    handle: Callable
    many: bool  # handed a list of events per call, not one

    @classmethod
    def of(cls, handle: Callable, event: "type[Event]", *, many: bool) -> "Subscriber":
        return cls(f"{handle.__module__}.{handle.__qualname__}", event, handle, many)

    def deliver(self, payloads: list[dict]) -> None:
        events = [self.event.from_payload(payload) for payload in payloads]
        if self.many:
            self.handle(events)
        else:
            for event in events:
                self.handle(event)


_subscribers: dict[str, list[Subscriber]] = defaultdict(list)


def register(subscriber: Subscriber) -> None:
    group = _subscribers[subscriber.event.name]
    if all(existing.key != subscriber.key for existing in group):
        group.append(subscriber)


def unregister(name: str, handle: Callable) -> None:
    _subscribers[name] = [each for each in _subscribers[name] if each.handle is not handle]


def subscribers() -> list[Subscriber]:
    """Every subscriber, in the order they were registered (apps in ``INSTALLED_APPS`` order)."""
    return [each for group in _subscribers.values() for each in group]


# Writing and asking for delivery ------------------------------------------------------------


def write(rows: list[tuple[str, dict]]) -> None:
    """Insert (event name, payload) rows in the current transaction; deliver after commit.
    Each row carries the current request id (``apps.core.request_id``)."""
    if rows:
        cause = request_ids.current()
        OutboxEvent.objects.bulk_create(
            [OutboxEvent(name=name, payload=payload, request_id=cause) for name, payload in rows],
            batch_size=5000,
        )
        request_delivery()


def request_delivery() -> None:
    """Once the current transaction commits (at once outside one), make sure a delivery task
    is on its way (``kick_outbox``; a second call after the first costs a clock reading)."""
    transaction.on_commit(kick_outbox, robust=True)


# What a commit does to get its events delivered soon (a task every minute catches up anyway).
OUTBOX_KICK_KEY = "events:outbox:kick"
OUTBOX_KICK_SECONDS = 10  # a lost kick delays events by at most this (or the minute job)
# A process that saw a delivery task queued (not yet started) this recently does not ask Redis
# again after its next commits: that task starts later, and before it stops it waits this long
# and looks again (``drain(linger=...)``), so it sees those events too. Saves a Redis
# round trip per commit under load; costs a task this pause at its end.
OUTBOX_KICK_MEMO_SECONDS = 0.2
DELIVERY_TASK = "core.deliver_queued_events"
_local = threading.local()  # ``draining``: this thread runs a delivery, which looks again


class _Memo:
    queued_task_seen_at = float("-inf")  # time.monotonic() of this process's last look


memo = _Memo()


def kick_outbox() -> None:
    """Make sure a delivery task is on its way for events just committed to the outbox: queue
    one unless one is queued and has not started yet (it clears the key when it starts, so
    events committed after that get a task of their own), this process saw one queued less
    than ``OUTBOX_KICK_MEMO_SECONDS`` ago, or this thread is delivering (it looks again before
    it stops). Never raises: with Redis down the minute job delivers once it is back."""
    if getattr(_local, "draining", False):
        return
    if current_app.conf.task_always_eager:
        drain()  # tests and one-process runs: deliver now, errors included
        return
    asked_at = time.monotonic()
    if asked_at - memo.queued_task_seen_at < OUTBOX_KICK_MEMO_SECONDS:
        return
    try:
        if cache.add(OUTBOX_KICK_KEY, 1, OUTBOX_KICK_SECONDS):
            current_app.send_task(DELIVERY_TASK)
    except Exception:
        logger.warning("Event delivery not requested (the minute job will deliver)", exc_info=True)
        return
    memo.queued_task_seen_at = asked_at  # a task was queued and not started at asked_at


@contextmanager
def delivering():
    """Mark this thread as delivering: commits inside do not queue another delivery."""
    previous = getattr(_local, "draining", False)
    _local.draining = True
    try:
        yield
    finally:
        _local.draining = previous


# Delivering ---------------------------------------------------------------------------------

BATCH = 1000
DRAIN_SECONDS = 60  # a run stops after this and queues the next (it has a time limit)
ERROR_EXCERPT = 2000

# The rows to take are picked (and locked) once, in a MATERIALIZED CTE: written as
# ``DELETE ... WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)`` the planner may run the
# subquery again for each row of a nested-loop semi-join, each run skipping other rows, so the
# statement took more than ``n`` rows (CI saw a delivery for one subscriber take two).
FAN_OUT = """
WITH picked AS MATERIALIZED (
    SELECT id FROM core_outboxevent ORDER BY id LIMIT %(batch)s FOR UPDATE SKIP LOCKED
), taken AS (
    DELETE FROM core_outboxevent WHERE id IN (SELECT id FROM picked)
    RETURNING id, name, payload, created_at, request_id
), fanned AS (
    INSERT INTO core_eventdelivery (event_id, name, payload, published_at, subscriber, request_id)
    SELECT taken.id, taken.name, taken.payload, taken.created_at, route.subscriber,
        taken.request_id
    FROM taken
    JOIN unnest(%(names)s::varchar[], %(subscribers)s::varchar[]) AS route (name, subscriber)
        ON route.name = taken.name
    ORDER BY taken.id
    ON CONFLICT (event_id, subscriber) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM taken), (SELECT count(*) FROM fanned)
"""
# Times are the database's (the rows' defaults are too), so a clock that differs between the
# application's machines and the database's cannot leave a due row waiting.
DUE = """
SELECT DISTINCT subscriber, name FROM core_eventdelivery WHERE next_attempt_at <= clock_timestamp()
"""
CLAIM = """
WITH picked AS MATERIALIZED (
    SELECT id FROM core_eventdelivery
    WHERE subscriber = %(subscriber)s AND name = %(name)s AND next_attempt_at <= clock_timestamp()
    ORDER BY event_id LIMIT %(limit)s FOR UPDATE SKIP LOCKED
)
DELETE FROM core_eventdelivery WHERE id IN (SELECT id FROM picked)
RETURNING id, event_id, payload, attempts, request_id
"""
CLAIM_ONE = """
WITH picked AS MATERIALIZED (
    SELECT id FROM core_eventdelivery WHERE id = %(id)s FOR UPDATE SKIP LOCKED
)
DELETE FROM core_eventdelivery WHERE id IN (SELECT id FROM picked)
RETURNING id, event_id, payload, attempts, request_id
"""
FAILED = """
UPDATE core_eventdelivery
SET attempts = attempts + 1, last_attempt_at = clock_timestamp(),
    next_attempt_at = clock_timestamp() + %(wait)s * interval '1 second', last_error = %(error)s
WHERE id = %(id)s
"""


@dataclass(frozen=True)
class Claimed:
    id: int
    event_id: int
    payload: dict
    attempts: int
    request_id: str = ""


def drain(*, batch: int = BATCH, linger: float = 0.0) -> int:
    """Fan out and hand out until nothing is left; returns how many deliveries succeeded.

    With ``linger``, stop only after a pause of that many seconds found nothing new: events
    whose kick was skipped (``kick_outbox``) were committed before then. Why that
    suffices: a process skips its kick only within ``OUTBOX_KICK_MEMO_SECONDS`` of seeing the
    key set, that is before this task started (it deletes the key first); this task's last
    look comes at least one pause after it started, so later than any such commit.
    """
    try:
        cache.delete(OUTBOX_KICK_KEY)
    except Exception:  # Redis down: this run delivers anyway
        logger.warning("Could not clear the delivery request", exc_info=True)
    started = time.monotonic()
    delivered, lingered = 0, False
    with delivering():
        while True:
            fanned = fan_out(batch=batch)
            handed = hand_out(batch=batch)
            delivered += handed
            if time.monotonic() - started > DRAIN_SECONDS:
                break
            if fanned or handed:
                continue
            if not linger or lingered:
                return delivered
            time.sleep(linger)
            lingered = True
    kick_outbox()  # out of time with work left: the next task goes on
    return delivered


def fan_out(*, batch: int = BATCH) -> int:
    """Turn outbox rows into delivery rows, ``batch`` per statement; returns events taken."""
    routes = [(each.event.name, each.key) for each in subscribers()]
    parameters: dict[str, int | list[str]] = {
        "batch": batch,
        "names": [name for name, _key in routes],
        "subscribers": [key for _name, key in routes],
    }
    taken_in_all = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(FAN_OUT, parameters)
            taken, _fanned = cursor.fetchone()
        taken_in_all += taken
        if taken < batch:
            return taken_in_all


def hand_out(*, batch: int = BATCH) -> int:
    """Hand every subscriber its due deliveries; returns how many succeeded."""
    with connection.cursor() as cursor:
        cursor.execute(DUE)
        due = set(cursor.fetchall())
    handed = 0
    for each in subscribers():
        if (each.key, each.event.name) in due:
            handed += _hand_to(each, batch if each.many else 1)
    return handed


def _hand_to(subscriber: Subscriber, size: int) -> int:
    handed = 0
    while True:
        claimed: list[Claimed] = []
        try:
            with transaction.atomic():
                claimed = _claim(CLAIM, _claim_parameters(subscriber, size))
                if not claimed:
                    return handed
                with request_ids.using(_cause(claimed)):
                    subscriber.deliver([row.payload for row in claimed])
        except SoftTimeLimitExceeded:
            raise
        except Exception as error:
            if not claimed:
                raise  # taking the rows failed (the database): the task retries
            handed += _after_failure(subscriber, claimed, error)
            continue
        handed += len(claimed)


def _claim_parameters(subscriber: Subscriber, size: int) -> dict:
    return {
        "subscriber": subscriber.key,
        "name": subscriber.event.name,
        "limit": size,
    }


def _claim(sql: str, parameters: dict) -> list[Claimed]:
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = sorted(cursor.fetchall(), key=lambda row: row[1])
    # Django leaves jsonb undecoded on raw cursors (psycopg2 would decode it; Django's own
    # fields decode it themselves).
    return [
        Claimed(
            pk, event_id, json.loads(payload) if isinstance(payload, str) else payload, tries, rid
        )
        for pk, event_id, payload, tries, rid in rows
    ]


def _cause(claimed: list[Claimed]) -> str:
    """The request id the subscriber works under: the events' own, when they share one."""
    causes = {row.request_id for row in claimed}
    return causes.pop() if len(causes) == 1 else ""


def _after_failure(subscriber: Subscriber, claimed: list[Claimed], error) -> int:
    """A subscriber's transaction failed: find out what committed, retry a batch one by one,
    count the failed attempts. Returns how many deliveries succeeded after all."""
    if not _still_waiting(claimed):
        # The work committed; what failed ran after the commit (an on-commit callback).
        logger.error("After delivering to %s", subscriber.key, exc_info=error)
        return len(claimed)
    if len(claimed) == 1:
        _record_failure(subscriber, claimed[0], error)
        return 0
    return sum(_hand_one(subscriber, row.id) for row in claimed)


def _hand_one(subscriber: Subscriber, delivery_id: int) -> int:
    claimed: list[Claimed] = []
    try:
        with transaction.atomic():
            claimed = _claim(CLAIM_ONE, {"id": delivery_id})
            if not claimed:
                return 0  # another run took it
            with request_ids.using(claimed[0].request_id):
                subscriber.deliver([claimed[0].payload])
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:
        if not claimed:
            raise
        if _still_waiting(claimed):
            _record_failure(subscriber, claimed[0], error)
            return 0
        logger.error("After delivering to %s", subscriber.key, exc_info=error)
    return 1


def _still_waiting(claimed: list[Claimed]) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM core_eventdelivery WHERE id = ANY(%s))",
            [[row.id for row in claimed]],
        )
        return cursor.fetchone()[0]


def _record_failure(subscriber: Subscriber, row: Claimed, error: Exception) -> None:
    wait = retry_delay(row.attempts + 1)
    logger.error(
        "Subscriber %s failed on %s #%s (attempt %s; next in %.0f s)",
        subscriber.key,
        subscriber.event.name,
        row.event_id,
        row.attempts + 1,
        wait,
        exc_info=error,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            FAILED,
            {
                "id": row.id,
                "wait": wait,
                "error": f"{type(error).__name__}: {error}"[:ERROR_EXCERPT],
            },
        )
    request_retry(wait)


# A failed delivery is tried again when due by a task queued for then (one per window, however
# many rows failed in it); a wait longer than this is left to the minute job.
RETRY_KEY = "events:outbox:retry"
RETRY_FOLLOW_UP_MAX_SECONDS = 60


def request_retry(wait: float) -> None:
    """Queue a delivery for when a row that just failed is due (``wait`` seconds, jitter
    included), unless one is queued for that window already. Without it the next attempt
    would wait for the minute job: up to a minute late, or not at all while beat is down.
    Never raises: the minute job is still there."""
    if current_app.conf.task_always_eager or wait > RETRY_FOLLOW_UP_MAX_SECONDS:
        return
    # Rows failing alongside this one wait up to a tenth longer (jitter): one task covers them.
    countdown = wait * 1.1
    try:
        if cache.add(RETRY_KEY, 1, max(1, int(countdown))):
            current_app.send_task(DELIVERY_TASK, countdown=countdown)
    except Exception:
        logger.warning("Retry not queued (the minute job will deliver)", exc_info=True)


def retry_delay(failures: int) -> float:
    """Seconds before the next attempt after ``failures`` failed ones: base x 2^(failures-1),
    capped, plus up to a tenth of it at random (failures of many rows spread out)."""
    base = settings.EVENT_RETRY_BASE_SECONDS
    delay = min(base * 2 ** (failures - 1), settings.EVENT_RETRY_MAX_SECONDS)
    return delay + random.uniform(0, delay / 10)  # noqa: S311 - jitter, not security


def retry_now(delivery_ids: list[int]) -> int:
    """Staff's "try again now": the deliveries are due at once and a delivery task is queued
    after commit. Returns how many rows were still waiting."""
    with transaction.atomic():
        count = EventDelivery.objects.filter(pk__in=delivery_ids).update(next_attempt_at=Now())
        request_delivery()
    return count
