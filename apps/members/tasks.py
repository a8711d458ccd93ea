from celery import shared_task

from apps.orders.models import Order, OrderStatus

from .referrals import reward_first_order


@shared_task(name="members.reward_referral")
def reward_referral(order_id: int) -> None:
    """Reward a referral when this paid order is the referred member's first paid one."""
    order = Order.objects.select_related("member").get(pk=order_id)
    if order.member is None:
        return
    paid_orders = Order.objects.filter(member=order.member, paid_at__isnull=False).exclude(
        status=OrderStatus.CANCELLED
    )
    if paid_orders.count() == 1:
        reward_first_order(referred=order.member)
