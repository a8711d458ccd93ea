import pytest

from apps.memberships.models import Interval
from tests.memberships.helpers import make_plan


@pytest.fixture
def plan(fake_stripe, db):
    """The "Club" plan (2x points, 5 % off, free shipping), 19 EUR a month or 190 EUR a year,
    its prices made at the fake Stripe."""
    return make_plan()


@pytest.fixture
def monthly(plan):
    return plan.prices.get(interval=Interval.MONTH, currency="EUR")
