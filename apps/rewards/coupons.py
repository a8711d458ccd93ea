"""Reward coupons at checkout (a discount provider registered in ``apps.rewards.apps``)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.checkout.errors import InvalidCoupon
from apps.currencies.selectors import round_to_minor_unit
from apps.orders.services import DiscountDraft

from .models import Redemption, RedemptionStatus, RewardKind


def coupon_discount(*, summary, member, coupon_code: str, context, **_ignored):
    """A valid, unused coupon of this member becomes a discount line; it is marked used by the
    order inside the order's transaction (a second use fails)."""
    if not coupon_code or not coupon_code.startswith("R-"):
        return []
    redemption = (
        Redemption.objects.select_related("reward")
        .filter(
            coupon_code=coupon_code,
            status=RedemptionStatus.APPROVED,
            coupon_order__isnull=True,
            coupon_expires_at__gt=timezone.now(),
        )
        .first()
    )
    if redemption is None or member is None or redemption.member_id != member.pk:
        raise InvalidCoupon()
    reward = redemption.reward
    subtotal = summary.subtotal.amount
    if reward.kind == RewardKind.COUPON_PERCENT:
        amount = subtotal * (reward.coupon_percent or Decimal(0)) / 100
    else:
        amount = (reward.coupon_amount or Decimal(0)) * context.rate
    amount = round_to_minor_unit(min(amount, subtotal), context.currency)

    def mark_used(order) -> None:
        used = Redemption.objects.filter(pk=redemption.pk, coupon_order__isnull=True).update(
            coupon_order=order, status=RedemptionStatus.FULFILLED
        )
        if not used:
            raise InvalidCoupon()

    return [
        DiscountDraft(
            kind="coupon",
            label=_("Coupon %(code)s") % {"code": coupon_code},
            amount=amount,
            reference=coupon_code,
            on_place=mark_used,
        )
    ]
