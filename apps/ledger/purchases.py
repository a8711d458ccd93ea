"""Points from orders: earned when paid (pending through the return window), clawed back
for refunded lines, and points spent on an order given back when it is cancelled.

The purchase rate here is the programme's default rule (points per unit of base currency on the
paid merchandise subtotal, converted at the order's captured rate).
"""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q, Sum

from apps.orders.models import Order, Refund

from . import reasons, services
from .models import EntryKind, LedgerEntry, Programme
from .rules import order_awards


def order_source(order: Order) -> str:
    return f"order:{order.pk}"


def award_purchase_points(order: Order) -> list[services.LedgerResult]:
    """Credit a paid member order's points (one entry per earning rule that applies, see
    ``rules.py``), pending until its return window has passed. Idempotent per order and rule."""
    if order.member is None or order.paid_at is None:
        return []
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


def claw_back_refund(refund: Refund) -> services.LedgerResult | None:
    """Take back the points of the refunded lines (all that is left after a full refund)."""
    order = refund.order
    if order.member is None:
        return None
    earned, remaining = points_on(order)
    if remaining <= 0:
        return None
    net_merchandise = order.subtotal_amount - order.discount_amount
    refunded_lines = sum((line.amount for line in refund.lines.all()), Decimal(0))
    if order.refunded_amount >= order.total_amount or net_merchandise <= 0:
        points = remaining
    else:
        points = int((earned * refunded_lines / net_merchandise).to_integral_value(ROUND_DOWN))
        points = min(points, remaining)
    if points <= 0:
        return None
    return services.clawback(
        member=order.member,
        points=points,
        reason=reasons.written(reasons.REFUND, number=order.number),
        idempotency_key=f"clawback:refund:{refund.pk}",
        source=order_source(order),
    )


def restore_cancelled_order(order: Order) -> list[services.LedgerResult]:
    """Give back points spent on an order that was cancelled."""
    if order.member is None:
        return []
    return services.restore(
        member=order.member,
        source=order_source(order),
        reason=reasons.written(reasons.ORDER_CANCELLED, number=order.number),
        idempotency_key=f"restore:order:{order.pk}",
    )
