"""What an order's merchandise counts for, defined once.

- **paid merchandise**: the lines' total after the order's discounts (not freight), in the
  order's currency; each line's part of it is its total times ``paid_share``;
- **in the base currency**: divided by the rate captured when the order was placed (one unit of
  the base currency in the order's currency), never today's rate;
- **kept**: less the share of the order refunded so far (refunds include freight, so the share
  is of the total).

Points (``ledger.rules``, ``ledger.purchases``) and refunds use the Python functions; tier
qualification, which sums over many orders in one query, uses ``KEPT_MERCHANDISE_IN_BASE_SQL``
(a test checks that it gives what ``kept_merchandise_in_base`` gives).
"""

from decimal import Decimal

from .models import Order


def paid_merchandise(order: Order) -> Decimal:
    return order.subtotal_amount - order.discount_amount


def paid_share(order: Order) -> Decimal:
    """The part of each line's total the buyer paid (the order's discounts shared by line)."""
    if not order.subtotal_amount:
        return Decimal(0)
    return paid_merchandise(order) / order.subtotal_amount


def in_base(order: Order, amount: Decimal) -> Decimal:
    """``amount`` of the order's currency in the base currency, at the order's captured rate."""
    return amount / order.exchange_rate


def paid_merchandise_in_base(order: Order) -> Decimal:
    return in_base(order, paid_merchandise(order))


def kept_merchandise_in_base(order: Order) -> Decimal:
    """Paid merchandise in the base currency less the refunded share of the order."""
    if not order.total_amount:
        return Decimal(0)
    kept = 1 - order.refunded_amount / order.total_amount
    return paid_merchandise(order) * kept / order.exchange_rate


# ``kept_merchandise_in_base`` over the columns of ``orders_order`` (NULL for a zero total, which
# SUM leaves out, as the function counts it 0).
KEPT_MERCHANDISE_IN_BASE_SQL = (
    "(subtotal_amount - discount_amount) * (1 - refunded_amount / NULLIF(total_amount, 0))"
    " / exchange_rate"
)
