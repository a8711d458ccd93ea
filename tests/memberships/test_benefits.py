"""A membership's benefits (more points, a member discount, free shipping) apply while it is
paid, and not before or after."""

from decimal import Decimal

import pytest

from apps.catalog.pricing import member_discount_rate
from apps.ledger.rules import order_awards
from apps.orders.benefits import shipping_charge
from tests.factories import MemberFactory, ShippingMethodFactory, make_order
from tests.memberships.helpers import bought, checkout, post

pytestmark = pytest.mark.django_db

DAY = 86400


def benefits(member):
    method = ShippingMethodFactory(price=Decimal("40.00"))
    order = make_order(currency="EUR", member=member, lines=[(Decimal("100.00"), 1)])
    shipping = shipping_charge(method=method, member=member, currency="EUR", rate=Decimal(1))
    return {
        "discount": member_discount_rate(member),
        "points": order_awards(order).total,
        "shipping": shipping.benefit.amount if shipping.benefit else Decimal(0),
        "label": shipping.benefit.label if shipping.benefit else "",
    }


def test_a_paid_membership_gives_its_benefits(client, fake_stripe, member, monthly):
    without = benefits(member)
    bought(client, fake_stripe, member, monthly)

    with_club = benefits(member)

    assert with_club["discount"] == Decimal("0.05") > without["discount"]
    assert with_club["points"] == 2 * without["points"] > 0
    assert with_club["shipping"] == Decimal("40.00") and without["shipping"] == 0
    assert with_club["label"] == "Club: free shipping"


def test_no_benefits_before_stripe_confirms_the_payment(client, fake_stripe, member, monthly):
    checkout(fake_stripe, member, monthly)  # paid at Stripe, no webhook yet

    assert benefits(member)["discount"] == 0


def test_no_benefits_after_a_cancelled_period_ended(client, fake_stripe, member, monthly):
    fake_stripe.advance(-31 * DAY)  # bought 31 days ago: the period ended yesterday
    subscription = bought(client, fake_stripe, member, monthly)
    post(client, fake_stripe, fake_stripe.cancel_at_period_end(subscription.stripe_subscription_id))

    assert benefits(member) == benefits(MemberFactory())


def test_no_benefits_when_a_renewal_never_came(client, fake_stripe, member, monthly):
    fake_stripe.advance(-31 * DAY)
    bought(client, fake_stripe, member, monthly)  # renews, but no paid renewal arrived

    assert benefits(member)["discount"] == 0
