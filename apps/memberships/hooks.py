"""What a paid membership gives while paid: hooks on the extension points of the apps below
(more purchase points, a member discount, free shipping), and the payments app's Stripe events
for subscriptions."""

from decimal import Decimal

from django.utils.translation import gettext as _

from apps.catalog import extensions as catalog
from apps.ledger import extensions as ledger
from apps.orders import extensions as orders
from apps.orders.benefits import ShippingBenefit
from apps.payments import extensions as payments

from .selectors import member_plan
from .services import handle_stripe_event

payments.stripe_event.register(handle_stripe_event)


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
