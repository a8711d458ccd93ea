"""The order lifecycle: which status may follow which. ``services.transition`` enforces it.

``status`` is the order's fulfilment; whether it is paid in full is ``Order.paid_at`` (set by
``services.mark_paid``), as Saleor keeps ``status`` apart from ``charge_status``
(docs/ordering.md). Most orders are paid before they are fulfilled ("pending payment" →
"paid" → "processing" …). Two kinds of orders on terms are fulfilled before (docs/credit.md):

- net terms, within the buyer's credit: placed as "accepted on terms", they may be processed,
  shipped and completed unpaid; paid in full before processing they become "paid";
- deposit terms: once the deposit has come the order may go into production ("processing");
  it ships only when paid in full.

An order not paid in full is never refunded (nothing was taken) and may be cancelled, which
frees its credit, until it ships, as long as nothing was received for it.
"""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from .models import Order
from .models import OrderStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED, S.PROCESSING}),
    S.ACCEPTED: frozenset({S.PAID, S.PROCESSING, S.SHIPPED, S.CANCELLED}),
    S.PAID: frozenset({S.PROCESSING, S.SHIPPED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PROCESSING: frozenset({S.SHIPPED, S.PARTIALLY_REFUNDED, S.REFUNDED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.COMPLETED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.COMPLETED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset(
        {S.PARTIALLY_REFUNDED, S.REFUNDED, S.PROCESSING, S.SHIPPED, S.COMPLETED}
    ),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

REFUNDABLE = frozenset({S.PAID, S.PROCESSING, S.SHIPPED, S.COMPLETED, S.PARTIALLY_REFUNDED})
REFUNDS = frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED})


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    default_message = _("The order cannot move to that status from its current one.")


class DepositNotReceived(InvalidTransition):
    code = "deposit_not_received"
    default_message = _("Production starts once the deposit of %(deposit)s is received.")


class BalanceDueBeforeShipment(InvalidTransition):
    code = "balance_due_before_shipment"
    default_message = _(
        "Order %(number)s ships once it is paid in full: %(outstanding)s is still outstanding."
    )


class PaidOrderNotCancelled(InvalidTransition):
    code = "paid_order_not_cancelled"
    default_message = _("Money was received for this order: refund it instead of cancelling it.")


class NothingToRefund(InvalidTransition):
    code = "nothing_to_refund"
    default_message = _("This order is not paid yet: there is nothing to refund.")


def can_transition(current: str, target: str) -> bool:
    """Whether the lifecycle has the step at all (``blocked`` adds the order's own rules)."""
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


def blocked(order: Order, target: str) -> InvalidTransition | None:
    """Why ``order`` may not move to ``target`` now, or None when it may."""
    current = order.status
    if not can_transition(current, target):
        return blocked_step(current, target)
    paid = order.paid_at is not None
    if current == S.PENDING_PAYMENT and target == S.PROCESSING and not order.deposit_received:
        if not order.deposit_amount:
            return blocked_step(current, target)
        return DepositNotReceived(
            DepositNotReceived.default_message % {"deposit": order.deposit_money}
        )
    if target == S.SHIPPED and not paid and order.due_date is None:
        return BalanceDueBeforeShipment(
            BalanceDueBeforeShipment.default_message
            % {"number": order.number, "outstanding": order.outstanding}
        )
    if target == S.CANCELLED and (paid or order.received_amount):
        return PaidOrderNotCancelled()
    if target in REFUNDS and not paid:
        return NothingToRefund()
    return None


def blocked_step(current: str, target: str) -> InvalidTransition:
    return InvalidTransition(
        _("An order in status “%(current)s” cannot become “%(target)s”.")
        % {"current": S(current).label, "target": S(target).label},
        current=current,
        target=target,
    )


def can_step(order: Order, target: str) -> bool:
    return blocked(order, target) is None


def is_refundable(order: Order) -> bool:
    """Paid in full and in a status refunds start from (an order on terms not paid in full
    has nothing taken to give back)."""
    return order.status in REFUNDABLE and order.paid_at is not None
