"""Challenges are evaluated on each qualifying event (``challenges``)."""

from apps.core.events import subscriber
from apps.members.events import ProfileCompleted
from apps.members.models import Member
from apps.orders.events import OrderPaid
from apps.orders.models import Order

from . import challenges
from .events import CustomEventReceived, ReviewModerated
from .models import ReviewStatus


@subscriber(OrderPaid)
def evaluate_after_order(event: OrderPaid) -> None:
    order = Order.objects.filter(pk=event.order_id).select_related("member").first()
    if order is not None and order.member is not None:
        challenges.evaluate(member=order.member)


@subscriber(ReviewModerated)
def evaluate_after_review(event: ReviewModerated) -> None:
    if event.status == ReviewStatus.APPROVED:
        challenges.evaluate(member=Member.objects.get(pk=event.member_id))


@subscriber(CustomEventReceived)
def evaluate_after_custom_event(event: CustomEventReceived) -> None:
    challenges.evaluate(member=Member.objects.get(pk=event.member_id))


@subscriber(ProfileCompleted)
def evaluate_after_profile_completed(event: ProfileCompleted) -> None:
    challenges.evaluate(member=Member.objects.get(pk=event.member_id))
