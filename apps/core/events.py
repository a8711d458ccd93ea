"""Small in-process domain events, delivered after the transaction that raised them commits.

An app announces what happened (``publish("order.paid", order_id=...)``); other apps subscribe
(``@subscriber("order.paid")``) and usually enqueue a Celery task. Handlers never run for a
transaction that rolls back, and a failing handler is logged without undoing the commit: the
work it starts must be idempotent and re-runnable.

Hot paths (the ledger's earn and spend) write their events to the outbox table
(``OutboxEvent``) inside their own transaction instead: no Python hook per event, and nothing is
lost if the process dies between commit and delivery. ``kick_outbox`` (after commit) queues at
most one ``core.deliver_queued_events`` task at a time (and a process that saw one queued a
moment ago does not even ask), which hands each event name's batch to the subscribers in one
call (``_deliver_many``); a scheduled run every minute catches up anything a lost kick left
behind.
"""

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)

ORDER_PAID = "order.paid"
ORDER_REFUNDED = "order.refunded"
ORDER_CANCELLED = "order.cancelled"
ORDER_COMPLETED = "order.completed"
ORDER_PLACED = "order.placed"
MEMBER_CREATED = "member.created"
PROFILE_COMPLETED = "member.profile_completed"


def subscriber(event: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if handler not in _handlers[event]:
            _handlers[event].append(handler)
        return handler

    return register


def unsubscribe(event: str, handler: Handler) -> None:
    if handler in _handlers[event]:
        _handlers[event].remove(handler)


def publish(event: str, **payload) -> None:
    """Call every subscriber of ``event`` with ``payload`` once the current transaction commits."""
    transaction.on_commit(lambda: _deliver(event, payload), robust=False)


def publish_many(event: str, payloads: list[dict]) -> None:
    """``publish`` for a bulk job's many happenings of one kind (e.g. 50,000 tier changes): a
    subscriber that has a ``many`` attribute gets them in one call (and can enqueue one task per
    chunk); others are called once per payload."""
    if payloads:
        transaction.on_commit(lambda: _deliver_many(event, payloads), robust=False)


def handles_many(many: Callable[[list[dict]], None]) -> Callable[[Handler], Handler]:
    """Give a subscriber its bulk form: ``@handles_many(bulk)`` above ``@subscriber(...)``."""

    def attach(handler: Handler) -> Handler:
        handler.many = many
        return handler

    return attach


def _deliver_many(event: str, payloads: list[dict], *, strict: bool = False) -> None:
    """Call every subscriber; a failing one is logged, or with ``strict`` re-raised after the
    others have run (the outbox keeps its events then, and delivers them all again later)."""
    failed = None
    for handler in list(_handlers[event]):
        many = getattr(handler, "many", None)
        try:
            if many is not None:
                many(payloads)
            else:
                for payload in payloads:
                    handler(**payload)
        except Exception as error:
            logger.exception("Handler %r failed for %d %s events", handler, len(payloads), event)
            failed = error
    if strict and failed is not None:
        raise failed


def _deliver(event: str, payload: dict) -> None:
    for handler in list(_handlers[event]):
        try:
            handler(**payload)
        except Exception:
            logger.exception("Handler %r failed for event %s", handler, event)


OUTBOX_KICK_KEY = "events:outbox:kick"
OUTBOX_KICK_SECONDS = 10  # a lost kick delays events by at most this (or the minute job)
OUTBOX_BATCH = 1000

DRAIN_OUTBOX = """
DELETE FROM core_outboxevent WHERE id IN (
    SELECT id FROM core_outboxevent ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED
)
RETURNING id, name, payload
"""


# A process that saw a delivery task queued (not yet started) this recently does not ask Redis
# again after its next commits: that task starts later, and before it stops it waits this long
# and looks again (``drain_outbox(linger=...)``), so it sees those events too. Saves a Redis
# round trip per earn or spend under load; costs a task this pause at its end.
OUTBOX_KICK_MEMO_SECONDS = 0.2
_queued_task_seen_at = float("-inf")  # time.monotonic() of this process's last look


def kick_outbox() -> None:
    """Make sure a delivery task is on its way for events just committed to the outbox: queue
    one unless one is queued and has not started yet (it clears the key when it starts, so
    events committed after that get a task of their own), or this process saw one queued less
    than ``OUTBOX_KICK_MEMO_SECONDS`` ago."""
    global _queued_task_seen_at
    from .tasks import deliver_queued_events

    if deliver_queued_events.app.conf.task_always_eager:
        deliver_queued_events.delay()
        return
    asked_at = time.monotonic()
    if asked_at - _queued_task_seen_at < OUTBOX_KICK_MEMO_SECONDS:
        return
    if cache.add(OUTBOX_KICK_KEY, 1, OUTBOX_KICK_SECONDS):
        deliver_queued_events.delay()
    _queued_task_seen_at = asked_at  # a task was queued and not started at asked_at


def drain_outbox(*, batch: int = OUTBOX_BATCH, linger: float = 0.0) -> int:
    """Deliver and delete queued events, ``batch`` per transaction, oldest first; returns how
    many. Concurrent drains take disjoint rows (SKIP LOCKED). If a subscriber fails, its batch
    stays queued for the next run (subscribers are idempotent: they may see it again).

    With ``linger``, stop only after a pause of that many seconds found nothing new: events
    whose kick was skipped (``kick_outbox``) were committed before then.

    Why that suffices: a process skips its kick only within ``OUTBOX_KICK_MEMO_SECONDS`` of
    seeing the key set, that is before this task started (it deletes the key first); this
    task's last look comes at least one pause after it started, so later than any such commit.
    """
    cache.delete(OUTBOX_KICK_KEY)
    delivered, lingered = 0, False
    while True:
        taken = _deliver_batch(batch)
        delivered += taken
        if taken == batch:
            continue
        if not linger or (lingered and taken == 0):
            return delivered
        time.sleep(linger)
        lingered = True


def _deliver_batch(batch: int) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(DRAIN_OUTBOX, [batch])
        rows = sorted(cursor.fetchall())
        by_name: dict[str, list[dict]] = defaultdict(list)
        for _id, name, payload in rows:
            by_name[name].append(payload if isinstance(payload, dict) else json.loads(payload))
        for name, payloads in by_name.items():
            _deliver_many(name, payloads, strict=True)
    return len(rows)
