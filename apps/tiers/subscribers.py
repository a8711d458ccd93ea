"""Tiers listen to paid orders: an upgrade happens as soon as the qualifying order is paid.

Runs inside the delivery's transaction; idempotent (a member who already has the tier they
qualify for is left alone, and ``evaluate_member`` never downgrades).
"""

from django.utils import timezone

from apps.companies.events import CompanyMemberAdded, CompanyMemberRemoved
from apps.core.events import subscriber
from apps.ledger.holders import company_earns
from apps.members.models import Member
from apps.orders.events import OrderPaid
from apps.orders.models import Order

from .services import evaluate_member, restore_own_tier


@subscriber(OrderPaid)
def upgrade_on_paid_order(event: OrderPaid) -> None:
    member_id = Order.objects.filter(pk=event.order_id).values_list("member_id", flat=True).first()
    if member_id:
        evaluate_member(Member.objects.get(pk=member_id), as_of=timezone.now())


@subscriber(CompanyMemberAdded)
def evaluate_company_on_join(event: CompanyMemberAdded) -> None:
    """A member joining a company whose points the company earns gets the company's tier (and
    their spend counts towards it: every member of the company may move up)."""
    member = Member.objects.filter(pk=event.member_id).first()
    if member is not None and company_earns():
        evaluate_member(member, as_of=timezone.now())


@subscriber(CompanyMemberRemoved)
def own_tier_on_leaving(event: CompanyMemberRemoved) -> None:
    """A member who leaves a company whose points the company earns gets their own tier back
    at once (``restore_own_tier``)."""
    member = Member.objects.filter(pk=event.member_id).first()
    if member is not None and company_earns():
        restore_own_tier(member, as_of=timezone.now())
