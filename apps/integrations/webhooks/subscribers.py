"""Domain events -> webhook deliveries. Runs after the publishing transaction commits."""

from datetime import datetime, timedelta

from apps.core import events as domain
from apps.ledger.jobs import POINTS_EXPIRED
from apps.ledger.services import POINTS_EARNED, POINTS_SPENT
from apps.rewards.services import REWARD_REDEEMED
from apps.tiers.services import TIER_CHANGED

from . import events
from .delivery import enqueue_event, subscribed_endpoints

# Expiry entries older than this when their batch is announced are assumed announced already.
EXPIRY_LOOKBACK = timedelta(days=7)


@domain.subscriber(domain.MEMBER_CREATED)
def on_member_created(*, member_id: int, **_payload) -> None:
    enqueue_event(
        events.MEMBER_CREATED, key=str(member_id), data=lambda: events.member_data(member_id)
    )


def _once_per_batch(event_type: str, handler):
    """``handler``'s bulk form: a batch (from the outbox or a bulk job) looks the endpoints up
    once, not once per event, and nothing is done when no endpoint subscribes."""

    def many(payloads: list[dict]) -> None:
        if subscribed_endpoints(event_type):
            for payload in payloads:
                handler(**payload)

    return domain.handles_many(many)(handler)


def _entry_events(event_type: str):
    def one(*, entry_id: int, **_payload) -> None:
        enqueue_event(event_type, key=str(entry_id), data=lambda: events.entry_data(entry_id))

    return _once_per_batch(event_type, one)


on_points_earned = domain.subscriber(POINTS_EARNED)(_entry_events(events.POINTS_EARNED))
on_points_spent = domain.subscriber(POINTS_SPENT)(_entry_events(events.POINTS_SPENT))


@domain.subscriber(POINTS_EXPIRED)
def on_points_expired(*, account_ids: list[int], as_of: datetime, **_payload) -> None:
    # One batch can expire a million lots: find them in a task, and only if someone listens.
    if subscribed_endpoints(events.POINTS_EXPIRED):
        from ..tasks import announce_expired_points

        announce_expired_points.delay(account_ids, as_of.isoformat())


def announce_expired_points(*, account_ids: list[int], as_of: datetime) -> int:
    """One ``points.expired`` event per expiry entry of these accounts (ids from the entries, so
    an entry announced by an earlier batch is not announced again)."""
    from apps.ledger.models import EntryKind, LedgerEntry

    entries = LedgerEntry.objects.filter(
        account_id__in=account_ids,
        kind=EntryKind.EXPIRE,
        created_at__lte=as_of,
        created_at__gt=as_of - EXPIRY_LOOKBACK,
    ).values_list("pk", flat=True)
    return sum(
        enqueue_event(
            events.POINTS_EXPIRED, key=str(entry_id), data=lambda e=entry_id: events.entry_data(e)
        )
        for entry_id in entries.iterator()
    )


@domain.subscriber(TIER_CHANGED)
def on_tier_changed(*, member_id: int, from_tier, to_tier: int, upgrade: bool, **_payload):
    import uuid

    enqueue_event(
        events.TIER_CHANGED,
        key=uuid.uuid4().hex,  # a tier change has no id of its own in the event
        data=lambda: events.tier_change_data(
            member_id=member_id, from_tier=from_tier, to_tier=to_tier, upgrade=upgrade
        ),
    )


# A re-evaluation's many changes: one endpoint lookup for the lot.
_once_per_batch(events.TIER_CHANGED, on_tier_changed)


@domain.subscriber(REWARD_REDEEMED)
def on_reward_redeemed(*, redemption_id: int, **_payload) -> None:
    enqueue_event(
        events.REWARD_REDEEMED,
        key=str(redemption_id),
        data=lambda: events.redemption_data(redemption_id),
    )


@domain.subscriber(domain.ORDER_PAID)
def on_order_paid(*, order_id: int, **_payload) -> None:
    enqueue_event(events.ORDER_PAID, key=str(order_id), data=lambda: events.order_data(order_id))


@domain.subscriber(domain.ORDER_REFUNDED)
def on_order_refunded(*, order_id: int, refund_id: int, fully_refunded: bool, **_payload):
    enqueue_event(
        events.ORDER_REFUNDED,
        key=str(refund_id),
        data=lambda: events.refund_data(
            order_id=order_id, refund_id=refund_id, fully_refunded=fully_refunded
        ),
    )
