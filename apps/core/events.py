"""Small in-process domain events, delivered after the transaction that raised them commits.

An app announces what happened (``publish("order.paid", order_id=...)``); other apps subscribe
(``@subscriber("order.paid")``) and usually enqueue a Celery task. Handlers never run for a
transaction that rolls back, and a failing handler is logged without undoing the commit: the
work it starts must be idempotent and re-runnable.

Hot paths (the ledger's earn and spend) write their events to the outbox table
(``OutboxEvent``) inside their own transaction instead: no Python hook per event, and nothing is
lost if the process dies between commit and delivery. ``kick_outbox`` (after commit) queues at
most one ``core.deliver_queued_events`` task at a time, which hands each event name's batch to
the subscribers in one call (``_deliver_many``); a scheduled run every minute catches up
anything a lost kick left behind.
"""

import json
import logging
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


def kick_outbox() -> None:
    """Make sure a delivery task is on its way for events just committed to the outbox: queue
    one unless one is queued and has not started yet (it clears the key when it starts, so
    events committed after that get a task of their own)."""
    from .tasks import deliver_queued_events

    if deliver_queued_events.app.conf.task_always_eager or cache.add(
        OUTBOX_KICK_KEY, 1, OUTBOX_KICK_SECONDS
    ):
        deliver_queued_events.delay()


def drain_outbox(*, batch: int = OUTBOX_BATCH) -> int:
    """Deliver and delete queued events, ``batch`` per transaction, oldest first; returns how
    many. Concurrent drains take disjoint rows (SKIP LOCKED). If a subscriber fails, its batch
    stays queued for the next run (subscribers are idempotent: they may see it again)."""
    cache.delete(OUTBOX_KICK_KEY)
    delivered = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(DRAIN_OUTBOX, [batch])
            rows = sorted(cursor.fetchall())
            by_name: dict[str, list[dict]] = defaultdict(list)
            for _id, name, payload in rows:
                by_name[name].append(payload if isinstance(payload, dict) else json.loads(payload))
            for name, payloads in by_name.items():
                _deliver_many(name, payloads, strict=True)
        delivered += len(rows)
        if len(rows) < batch:
            return delivered
