"""Rewards listen to paid orders: a referred buyer's first paid order rewards the referral.

Runs inside the delivery's transaction; idempotent (the referral is rewarded once, under its
row lock, and the ledger's bonuses are keyed by the referred member).
"""

from apps.core.events import subscriber
from apps.orders.events import OrderPaid
from apps.orders.models import Order, OrderStatus

from .referrals import reward_first_order


@subscriber(OrderPaid)
def reward_referral(event: OrderPaid) -> None:
    """Reward the referral when this is the referred member's first paid order (the earliest
    one not cancelled, whenever this event is delivered)."""
    order = Order.objects.select_related("member").get(pk=event.order_id)
    if order.member is None or order.paid_at is None:
        return
    first = (
        Order.objects.filter(member=order.member, paid_at__isnull=False)
        .exclude(status=OrderStatus.CANCELLED)
        .order_by("paid_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if first == order.pk:
        reward_first_order(referred=order.member)
