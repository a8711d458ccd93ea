"""Domain events -> webhook deliveries (``webhooks.delivery.enqueue_event``).

Each subscriber runs inside the delivery's transaction: the ``WebhookDelivery`` rows commit with
its progress, and their HTTP attempts are queued after that commit. Idempotent: a delivery is
unique per event id (derived from what happened: the entry, the order, the refund, the tier
change) and endpoint. Subscribers of frequent events take a batch per call and look the
endpoints up once for it (nothing is done when no endpoint listens).
"""

from functools import partial

from apps.companies.events import CompanyCreated, CompanyMemberAdded
from apps.core.events import subscriber
from apps.ledger.events import PointsEarned, PointsExpired, PointsSpent
from apps.members.events import MemberCreated
from apps.orders.events import OrderPaid, OrderRefunded
from apps.quotes.events import QuoteAccepted, QuoteRequested
from apps.rewards.events import RewardRedeemed
from apps.tiers.events import TierChanged

from .tasks import announce_expired_points
from .webhooks import events as catalogue
from .webhooks.delivery import enqueue_event, subscribed_endpoints


@subscriber(MemberCreated)
def member_created(event: MemberCreated) -> None:
    enqueue_event(
        MemberCreated.name,
        key=str(event.member_id),
        data=lambda: catalogue.member_data(event.member_id),
    )


def _entries(event_type: str, events: list[PointsEarned] | list[PointsSpent]) -> None:
    if subscribed_endpoints(event_type):
        for event in events:
            enqueue_event(
                event_type,
                key=str(event.entry_id),
                data=partial(catalogue.entry_data, event.entry_id),
            )


@subscriber(PointsEarned, many=True)
def points_earned(events: list[PointsEarned]) -> None:
    _entries(PointsEarned.name, events)


@subscriber(PointsSpent, many=True)
def points_spent(events: list[PointsSpent]) -> None:
    _entries(PointsSpent.name, events)


@subscriber(PointsExpired)
def points_expired(event: PointsExpired) -> None:
    # One batch can expire a million lots: find them in a task, and only if someone listens.
    if subscribed_endpoints(PointsExpired.name):
        announce_expired_points.delay(event.account_ids, event.as_of.isoformat())


@subscriber(TierChanged, many=True)
def tier_changed(events: list[TierChanged]) -> None:
    # A re-evaluation's many changes: one endpoint lookup for the lot.
    if not subscribed_endpoints(TierChanged.name):
        return
    for event in events:
        enqueue_event(
            TierChanged.name,
            key=str(event.change_id),
            data=partial(
                catalogue.tier_change_data,
                member_id=event.member_id,
                from_tier=event.from_tier,
                to_tier=event.to_tier,
                upgrade=event.upgrade,
            ),
        )


@subscriber(RewardRedeemed)
def reward_redeemed(event: RewardRedeemed) -> None:
    enqueue_event(
        RewardRedeemed.name,
        key=str(event.redemption_id),
        data=lambda: catalogue.redemption_data(event.redemption_id),
    )


@subscriber(OrderPaid)
def order_paid(event: OrderPaid) -> None:
    enqueue_event(
        OrderPaid.name, key=str(event.order_id), data=lambda: catalogue.order_data(event.order_id)
    )


@subscriber(OrderRefunded)
def order_refunded(event: OrderRefunded) -> None:
    enqueue_event(
        OrderRefunded.name,
        key=str(event.refund_id),
        data=lambda: catalogue.refund_data(
            order_id=event.order_id,
            refund_id=event.refund_id,
            fully_refunded=event.fully_refunded,
        ),
    )


@subscriber(CompanyCreated)
def company_created(event: CompanyCreated) -> None:
    enqueue_event(
        CompanyCreated.name,
        key=str(event.company_id),
        data=lambda: catalogue.company_data(event.company_id),
    )


@subscriber(CompanyMemberAdded)
def company_member_added(event: CompanyMemberAdded) -> None:
    # A member may leave and join again: each joining is its own happening (the outbox row).
    enqueue_event(
        CompanyMemberAdded.name,
        key=f"{event.company_id}:{event.member_id}:{event.role}",
        data=lambda: catalogue.company_member_data(
            company_id=event.company_id, member_id=event.member_id, role=event.role
        ),
    )


@subscriber(QuoteRequested)
def quote_requested(event: QuoteRequested) -> None:
    enqueue_event(
        QuoteRequested.name,
        key=str(event.quote_id),
        data=lambda: catalogue.quote_data(event.quote_id),
    )


@subscriber(QuoteAccepted)
def quote_accepted(event: QuoteAccepted) -> None:
    enqueue_event(
        QuoteAccepted.name,
        key=str(event.quote_id),
        data=lambda: catalogue.quote_data(event.quote_id),
    )
