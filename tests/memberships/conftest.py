from decimal import Decimal

import pytest

from apps.memberships.models import Interval, Plan, PlanPrice
from apps.memberships.services import sync_plan_prices


@pytest.fixture
def plan(fake_stripe, db):
    """The "Club" plan (2× points, 5 % off, free shipping), 19 EUR a month or 190 EUR a year,
    its prices made at the fake Stripe."""
    club = Plan.objects.create(
        code="club",
        name="Club",
        name_ar="النادي",
        description="For regular buyers",
        points_multiplier=Decimal(2),
        discount_percent=Decimal(5),
        free_shipping=True,
    )
    PlanPrice.objects.create(plan=club, interval=Interval.MONTH, currency="EUR", amount=19)
    PlanPrice.objects.create(plan=club, interval=Interval.YEAR, currency="EUR", amount=190)
    sync_plan_prices()
    club.refresh_from_db()
    return club


@pytest.fixture
def monthly(plan):
    return plan.prices.get(interval=Interval.MONTH, currency="EUR")
