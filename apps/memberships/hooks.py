"""What a paid membership gives while paid: hooks on the extension points of the apps below
(more purchase points, a member discount, free shipping), and the payments app's Stripe events
for subscriptions."""

from decimal import Decimal

from django.utils.translation import gettext as _

from apps.catalog import extensions as catalog
from apps.ledger import extensions as ledger
from apps.members import extensions as members
from apps.orders import extensions as orders
from apps.orders.benefits import ShippingBenefit
from apps.payments import extensions as payments

from . import data_export  # noqa: F401  (registers its export section)
from .selectors import member_plan
from .services import end_with_account, handle_stripe_event

payments.stripe_event.register(handle_stripe_event)
members.account_closing.register(end_with_account)


@ledger.points_multiplier.register
def points_multiplier(member) -> Decimal:
    plan = member_plan(member)
    return plan.points_multiplier if plan else Decimal(1)


@catalog.member_discount.register
def member_discount(member) -> Decimal:
    plan = member_plan(member)
    return plan.discount_percent / 100 if plan else Decimal(0)


@orders.shipping_benefit.register
def shipping_benefit(*, member, method, currency: str, freight: Decimal, rate: Decimal):
    plan = member_plan(member)
    if plan is None or not plan.free_shipping:
        return None
    return ShippingBenefit(amount=freight, label=_("%(plan)s: free shipping") % {"plan": plan.name})
