"""The ledger listens to orders and members: paid -> points, refunded -> clawback, cancelled ->
spent points back, joined -> sign-up bonus, complete profile -> its bonus.

Each runs inside the delivery's transaction (``apps.core.outbox``) and is idempotent: the
functions it calls credit or take once per order, refund or member however often they run.
"""

from apps.core.events import subscriber
from apps.members.events import MemberCreated, ProfileCompleted
from apps.members.models import Member
from apps.orders.events import OrderCancelled, OrderPaid, OrderRefunded
from apps.orders.models import Order, Refund

from . import purchases
from .bonuses import award_event
from .models import RuleKind


@subscriber(OrderPaid)
def award_purchase_points(event: OrderPaid) -> None:
    purchases.award_purchase_points(Order.objects.select_related("member").get(pk=event.order_id))


@subscriber(OrderRefunded)
def claw_back_refund(event: OrderRefunded) -> None:
    refund = Refund.objects.select_related("order__member").get(pk=event.refund_id)
    purchases.claw_back_refund(refund)


@subscriber(OrderCancelled)
def restore_spent_points(event: OrderCancelled) -> None:
    order = Order.objects.select_related("member").get(pk=event.order_id)
    purchases.restore_cancelled_order(order)


@subscriber(MemberCreated)
def award_sign_up_bonus(event: MemberCreated) -> None:
    member = Member.objects.get(pk=event.member_id)
    award_event(member=member, kind=RuleKind.SIGN_UP, key=str(member.pk))


@subscriber(ProfileCompleted)
def award_profile_bonus(event: ProfileCompleted) -> None:
    member = Member.objects.get(pk=event.member_id)
    award_event(member=member, kind=RuleKind.PROFILE, key=str(member.pk))
