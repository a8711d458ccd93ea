"""What orders announce (published by ``services`` and ``refunds`` in their transactions)."""

from decimal import Decimal

from apps.core.events import Event, declare


@declare("order.placed")
class OrderPlaced(Event):
    """A buyer placed an order (pending payment); its stock is taken."""

    order_id: int


@declare("order.paid")
class OrderPaid(Event):
    """An order was paid in full: by card or PayPal (the provider's verified webhook), a
    recorded bank transfer, or an integrator's offline order. Earns points, may raise the tier
    and reward a referral; the buyer is told."""

    order_id: int


@declare("order.refunded")
class OrderRefunded(Event):
    """Money went back to the buyer for some lines or the whole order (one event per refund);
    the points earned on those lines are taken back."""

    order_id: int
    refund_id: int
    amount: Decimal  # in the order's currency
    currency: str
    # {"order_line_id", "quantity", "amount"} per refunded line. ``declare`` checks payloads at
    # run time and knows a JSON object as the bare ``dict`` only.
    lines: list[dict]  # type: ignore[type-arg]
    fully_refunded: bool


@declare("order.cancelled")
class OrderCancelled(Event):
    """An unpaid order was cancelled (by staff, the buyer or for not being paid in time); its
    stock is back, and points spent on it are given back."""

    order_id: int


@declare("order.shipped")
class OrderShipped(Event):
    """Staff marked an order shipped; the buyer is told (with the commercial invoice and
    packing list attached)."""

    order_id: int


@declare("order.completed")
class OrderCompleted(Event):
    """Staff marked a delivered order completed."""

    order_id: int
