"""Points from orders: earned when paid (pending through the return window), clawed back
for refunded lines, and points spent on an order given back when it is cancelled.

The purchase rate here is the programme's default rule (points per unit of base currency on the
paid merchandise subtotal, converted at the order's captured rate).

Each function is idempotent for its order or refund, however often the event is delivered:
under the account's lock it first looks for what an earlier call wrote, and returns that
(computing again could give other points: rules, the tier and caps change over time).
"""

from collections.abc import Iterable
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from apps.orders.amounts import paid_merchandise
from apps.orders.models import Order, Refund

from . import reasons, services
from .holders import holder_of, source_holder
from .lock_objects import lock_account_of
from .models import EntryKind, LedgerEntry, Programme
from .rules import order_awards


def order_source(order: Order) -> str:
    return f"order:{order.pk}"


def _replayed(entries: Iterable[LedgerEntry]) -> list[services.LedgerResult]:
    return [services.LedgerResult(entry, replayed=True) for entry in entries]


@transaction.atomic
def award_purchase_points(order: Order) -> list[services.LedgerResult]:
    """Credit a paid member order's points (one entry per earning rule that applies, see
    ``rules.py``), pending until its return window has passed. Once per order: a second call
    returns the first one's entries."""
    if order.member is None or order.paid_at is None:
        return []
    holder = holder_of(order.member)
    account = lock_account_of(holder, now=timezone.now())
    earlier = LedgerEntry.objects.filter(
        account=account, source=order_source(order), kind=EntryKind.EARN
    ).order_by("id")
    if earlier:
        return _replayed(earlier)
    available_at = order.paid_at + timedelta(days=Programme.current().pending_days)
    results = []
    awards = order_awards(order, when=order.paid_at).awards
    label = reasons.written(reasons.ORDER, number=order.number)
    for award in awards:
        results.append(
            services.earn(
                member=order.member,
                points=award.points,
                reason=reasons.with_rule(label, reasons.source_name(award.rule))
                if award.rule
                else label,
                idempotency_key=f"purchase:order:{order.pk}:rule:{getattr(award.rule, 'pk', 0)}",
                source=order_source(order),
                available_at=available_at,
                rule=award.rule,
                holder=holder,
            )
        )
    return results


def points_on(order: Order) -> tuple[int, int]:
    """(points earned on the order, points still held after clawbacks), in one query."""
    totals = LedgerEntry.objects.filter(source=order_source(order)).aggregate(
        earned=Sum("points", filter=Q(kind=EntryKind.EARN)),
        clawed=Sum("points", filter=Q(kind=EntryKind.CLAWBACK)),
    )
    earned = totals["earned"] or 0
    return earned, earned + (totals["clawed"] or 0)  # clawbacks are negative


@transaction.atomic
def claw_back_refund(refund: Refund) -> services.LedgerResult | None:
    """Take back the points of the refunded lines (all that is left after a full refund; for a
    refund made at the provider, which names no lines, its share of the order's total), once
    per refund. The order's points are awarded first if they were not yet (the refund may be
    delivered before the payment), so they cannot be credited after their clawback."""
    order = refund.order
    if order.member is None:
        return None
    key = f"clawback:refund:{refund.pk}"
    earlier = LedgerEntry.objects.filter(
        account=lock_account_of(
            source_holder(order.member, order_source(order)), now=timezone.now()
        ),
        idempotency_key=key,
    ).first()
    if earlier is not None:
        return services.LedgerResult(earlier, replayed=True)
    award_purchase_points(order)
    earned, remaining = points_on(order)
    if remaining <= 0:
        return None
    net_merchandise = paid_merchandise(order)
    refunded_lines = sum((line.amount for line in refund.lines.all()), Decimal(0))
    if order.refunded_amount >= order.total_amount or net_merchandise <= 0:
        points = remaining
    elif refund.at_provider:  # names no lines: its share of the total, freight included
        points = int((earned * refund.amount / order.total_amount).to_integral_value(ROUND_DOWN))
        points = min(points, remaining)
    else:
        points = int((earned * refunded_lines / net_merchandise).to_integral_value(ROUND_DOWN))
        points = min(points, remaining)
    if points <= 0:
        return None
    return services.clawback(
        member=order.member,
        points=points,
        reason=reasons.written(reasons.REFUND, number=order.number),
        idempotency_key=key,
        source=order_source(order),
    )


@transaction.atomic
def restore_cancelled_order(order: Order) -> list[services.LedgerResult]:
    """Give back points spent on an order that was cancelled, once."""
    if order.member is None:
        return []
    earlier = LedgerEntry.objects.filter(
        account=lock_account_of(
            source_holder(order.member, order_source(order)), now=timezone.now()
        ),
        source=order_source(order),
        kind=EntryKind.RESTORE,
    ).order_by("id")
    if earlier:
        return _replayed(earlier)
    return services.restore(
        member=order.member,
        source=order_source(order),
        reason=reasons.written(reasons.ORDER_CANCELLED, number=order.number),
        idempotency_key=f"restore:order:{order.pk}",
    )
