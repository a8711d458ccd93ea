"""Small in-process domain events, delivered after the transaction that raised them commits.

An app announces what happened (``publish("order.paid", order_id=...)``); other apps subscribe
(``@subscriber("order.paid")``) and usually enqueue a Celery task. Handlers never run for a
transaction that rolls back, and a failing handler is logged without undoing the commit: the
work it starts must be idempotent and re-runnable.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

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


def _deliver_many(event: str, payloads: list[dict]) -> None:
    for handler in list(_handlers[event]):
        many = getattr(handler, "many", None)
        try:
            if many is not None:
                many(payloads)
            else:
                for payload in payloads:
                    handler(**payload)
        except Exception:
            logger.exception("Handler %r failed for %d %s events", handler, len(payloads), event)


def _deliver(event: str, payload: dict) -> None:
    for handler in list(_handlers[event]):
        try:
            handler(**payload)
        except Exception:
            logger.exception("Handler %r failed for event %s", handler, event)
