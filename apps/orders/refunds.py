"""Refunds, full or by line: the provider is asked first, the order changes only on success."""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from apps.core import events
from apps.currencies.selectors import round_to_minor_unit

from .amounts import paid_share
from .errors import InvalidRefund
from .events import OrderRefunded
from .extensions import payment_refund
from .lock_objects import lock_order
from .models import Order, OrderLine, OrderStatus, Refund, RefundLine, RefundStatus
from .services import SYSTEM, transition
from .state import is_refundable

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(frozen=True)
class RefundRequest:
    """Quantities to refund per order line id, plus an optional extra amount (e.g. freight)."""

    quantities: dict[int, int]
    extra_amount: Decimal = Decimal(0)


def refunded_quantities(order: Order) -> dict[int, int]:
    rows = (
        RefundLine.objects.filter(refund__order=order, refund__status=RefundStatus.SUCCEEDED)
        .values("order_line_id")
        .annotate(quantity=Sum("quantity"))
    )
    return {row["order_line_id"]: row["quantity"] for row in rows}


def full_refund_request(order: Order) -> RefundRequest:
    """Everything not refunded yet: every remaining unit and the rest of the total."""
    already = refunded_quantities(order)
    quantities = {
        line.pk: line.quantity - already.get(line.pk, 0)
        for line in order.lines.all()
        if line.quantity > already.get(line.pk, 0)
    }
    return RefundRequest(quantities=quantities)


def _line_amount(order: Order, line: OrderLine, quantity: int) -> Decimal:
    """A line's share of what was paid: its price less its share of order discounts."""
    gross = line.unit_price * quantity
    if not order.discount_amount or not order.subtotal_amount:
        return gross
    return round_to_minor_unit(gross * paid_share(order), order.currency)


def refund_order(
    *,
    order: Order,
    request: RefundRequest,
    reason: str,
    actor: "User | None" = None,
    idempotency_key: str | None = None,
) -> Refund:
    """Refund lines (and/or an extra amount) of a paid order through its payment provider.

    The refund row is written first (pending), the provider is called outside any lock, and
    only a successful provider answer records the refund, moves the order to "partially
    refunded" or "refunded" and publishes ``order.refunded`` with the lines and amounts.
    Raises ``InvalidRefund`` (nothing written) or ``RefundFailed`` (the refund is kept, failed).
    ``idempotency_key`` (default: a new UUID) is what the provider sees: a caller that retries
    after an unknown outcome passes the same key, so the provider refunds once.
    """
    refund = _prepare(
        order=order,
        request=request,
        reason=reason,
        actor=actor,
        idempotency_key=idempotency_key or str(uuid.uuid4()),
    )
    try:
        reference = payment_refund.only()(refund=refund)
    except Exception:
        Refund.objects.filter(pk=refund.pk).update(status=RefundStatus.FAILED)
        raise
    return _complete(refund=refund, reference=reference, actor=actor)


@transaction.atomic
def record_provider_refund(
    *, order: Order, amount: Decimal, reason: str, idempotency_key: str, reference: str
) -> Refund | None:
    """Record money the payment provider already gave back (a refund made in its dashboard, a
    dispute, a reversal): no provider call, then as ``refund_order`` on success (the order
    moves to "partially refunded" or "refunded", ``order.refunded`` claws the points back).

    Once per ``idempotency_key``: a second call returns the first refund. At most what is
    still refundable is recorded; returns None (nothing written) when the order is not
    refundable (not paid, cancelled) or nothing is left to refund.
    """
    locked = lock_order(order.pk)
    earlier = Refund.objects.filter(idempotency_key=idempotency_key).first()
    if earlier is not None:
        return earlier
    if not is_refundable(locked):
        return None
    remaining = locked.total_amount - locked.refunded_amount
    amount = min(round_to_minor_unit(amount, locked.currency), remaining)
    if amount <= 0:
        return None
    refund = Refund.objects.create(
        order=locked,
        amount=amount,
        reason=reason[:300],
        idempotency_key=idempotency_key,
        at_provider=True,
    )
    return _complete(refund=refund, reference=reference, actor=None)


@transaction.atomic
def _prepare(
    *, order: Order, request: RefundRequest, reason: str, actor: "User | None", idempotency_key: str
) -> Refund:
    locked = lock_order(order.pk)
    if not is_refundable(locked):
        raise InvalidRefund(_("Only paid orders can be refunded."))
    if not reason.strip():
        raise InvalidRefund(_("Give a reason for the refund."))
    lines = {line.pk: line for line in locked.lines.all()}
    already = refunded_quantities(locked)
    amount = max(request.extra_amount, Decimal(0))
    refund_lines = []
    for line_id, quantity in request.quantities.items():
        line = lines.get(line_id)
        if line is None or quantity < 1:
            raise InvalidRefund(_("Choose order lines of this order and positive quantities."))
        if quantity > line.quantity - already.get(line_id, 0):
            raise InvalidRefund(
                _("Only %(count)s of %(product)s can still be refunded.")
                % {"count": line.quantity - already.get(line_id, 0), "product": line.name}
            )
        line_amount = _line_amount(locked, line, quantity)
        amount += line_amount
        refund_lines.append((line, quantity, line_amount))
    remaining = locked.total_amount - locked.refunded_amount
    if _covers_every_remaining_unit(lines, already, request.quantities):
        amount = remaining  # the last refund takes what rounding left over, freight included
    amount = round_to_minor_unit(amount, locked.currency)
    if amount <= 0 or amount > remaining:
        raise InvalidRefund(
            _("A refund must be more than zero and at most %(remaining)s.")
            % {"remaining": locked.refundable}
        )
    refund = Refund.objects.create(
        order=locked,
        amount=amount,
        reason=reason[:300],
        idempotency_key=idempotency_key,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    RefundLine.objects.bulk_create(
        RefundLine(refund=refund, order_line=line, quantity=quantity, amount=line_amount)
        for line, quantity, line_amount in refund_lines
    )
    return refund


def _covers_every_remaining_unit(
    lines: dict[int, OrderLine], already: dict[int, int], quantities: dict[int, int]
) -> bool:
    return all(
        quantities.get(line_id, 0) == line.quantity - already.get(line_id, 0)
        for line_id, line in lines.items()
    )


@transaction.atomic
def _complete(*, refund: Refund, reference: str, actor: "User | None") -> Refund:
    order = lock_order(refund.order_id)
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    refund.status = RefundStatus.SUCCEEDED
    refund.provider_reference = reference[:100]
    refund.save(update_fields=["status", "provider_reference"])
    order.refunded_amount += refund.amount
    order.save(update_fields=["refunded_amount", "updated_at"])
    fully = order.refunded_amount >= order.total_amount
    target = OrderStatus.REFUNDED if fully else OrderStatus.PARTIALLY_REFUNDED
    transition(
        order=order,
        to=target,
        actor=actor,
        actor_label=SYSTEM,
        note=_("Refund of %(amount)s: %(reason)s")
        % {"amount": order.money(refund.amount), "reason": refund.reason},
    )
    lines = [
        {"order_line_id": line.order_line_id, "quantity": line.quantity, "amount": str(line.amount)}
        for line in refund.lines.all()
    ]
    events.publish(
        OrderRefunded(
            order_id=order.pk,
            refund_id=refund.pk,
            amount=refund.amount,
            currency=order.currency,
            lines=lines,
            fully_refunded=fully,
        )
    )
    return refund
