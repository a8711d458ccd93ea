"""Each figure of a day against hand-computed data: two days of one member's history through
the real ledger services (earn pending and available, adjust both ways, checkout and reward
spends, a refund's clawback, a cancellation's restore, expiry, release), a guest order, and
a member who changes country and tier in between."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.analytics.models import DailyFigures, ReportingDay
from apps.analytics.rollups import (
    DayNotFinished,
    close_day,
    live_figures,
    opening_balance,
)
from apps.ledger import services
from apps.ledger.jobs import expire_due_lots, release_due_lots
from apps.ledger.models import PointsAccount
from apps.orders.models import Order
from apps.tiers.models import Tier, TierChange, TierStatus
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db

DAY_1 = date(2026, 3, 10)
DAY_2 = date(2026, 3, 11)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def change_tier(member, tier, when):
    TierStatus.objects.update_or_create(member=member, defaults={"tier": tier, "since": when})
    TierChange.objects.create(member=member, to_tier=tier, reason="Qualified", created_at=when)


def paid(order, when):
    Order.objects.filter(pk=order.pk).update(status="paid", paid_at=when)


def day_one(clock):
    """Member A's day 1 (figures in ``test_day_one_figures_by_hand``)."""
    clock.set(at(DAY_1, 8))
    a = MemberFactory(country="DE", preferred_currency="USD", customer_type="distributor")
    silver = Tier.objects.create(name="Silver", rank=2)
    change_tier(a, silver, at(DAY_1, 8))

    def step(hour, action, **kwargs):
        clock.set(at(DAY_1, hour))
        return action(member=a, idempotency_key=f"k{hour}", reason="r", **kwargs)

    step(9, services.earn, points=1000, source="order:1", available_at=at(DAY_2, 6))
    step(10, services.earn, points=500, source="rule:1", expires_at=at(DAY_2, 12))
    step(11, services.adjust, points=200, actor=None, source="staff:1")
    step(12, services.spend, points=300, source="order:2")
    step(13, services.spend, points=100, source="redemption:5")
    step(14, services.clawback, points=400, source="order:1")
    step(15, services.adjust, points=-50, actor=None, source="staff:1")
    step(16, services.restore, source="order:2")
    paid(make_order(member=a, currency="EUR"), at(DAY_1, 17))  # sales in the order's currency
    return a, silver


def day_two(clock, member):
    """Member A moves to FR and Gold; a guest orders; the pending lot is released at 06:00 and
    what is left of the lots expiring at 12:00 expires (no entry yet: the job has not run)."""
    clock.set(at(DAY_2, 9))
    member.country = "FR"
    member.save(update_fields=["country"])
    gold = Tier.objects.create(name="Gold", rank=3)
    change_tier(member, gold, at(DAY_2, 9))
    paid(make_order(currency="USD", lines=((Decimal("40.00"), 1),)), at(DAY_2, 10))
    return gold


def only(rows, **dimensions):
    matching = [
        row
        for row in rows
        if all(getattr(row, name) == value for name, value in dimensions.items())
    ]
    assert len(matching) == 1, rows
    return matching[0]


def test_day_one_figures_by_hand(clock):
    _member, silver = day_one(clock)
    clock.set(at(DAY_2, 0, 30))
    rows = live_figures(DAY_1)
    points = only(rows, currency="USD")
    assert (points.country, points.tier, points.customer_type) == (
        "DE",
        str(silver.pk),
        "distributor",
    )
    assert points.members_joined == 1
    assert points.active_members == 1
    assert points.points_earned_pending == 1000
    assert points.points_earned_available == 500
    assert points.points_adjusted_up == 200
    assert points.points_spent_checkout == 300
    assert points.points_spent_rewards == 100
    assert points.points_clawed_back == 400  # taken from the order's pending lot
    assert points.points_adjusted_down == 50
    assert points.points_returned == 300
    assert points.points_expired == 0
    assert points.points_released == 0
    assert (points.closing_available, points.closing_pending) == (550, 600)
    assert opening_balance(points) == 0
    sales = only(rows, currency="EUR")
    assert (sales.country, sales.tier, sales.customer_type) == ("DE", str(silver.pk), "distributor")
    assert (sales.member_orders, sales.member_sales, sales.guest_orders) == (
        1,
        Decimal("200.00"),
        0,
    )
    assert sales.closing_available == sales.closing_pending == sales.active_members == 0
    assert len(rows) == 2


def test_day_two_release_expiry_and_new_dimensions(clock):
    member, _silver = day_one(clock)
    clock.set(at(DAY_2, 0, 30))
    close_day(DAY_1)
    gold = day_two(clock, member)
    clock.set(at(DAY_2 + (DAY_2 - DAY_1), 0, 10))  # before the night's expiry job
    rows = live_figures(DAY_2)
    points = only(rows, currency="USD", country="FR", customer_type="distributor")
    assert (points.tier, points.customer_type) == (str(gold.pk), "distributor")
    assert points.members_joined == 0
    assert points.active_members == 0  # released and expired points are no activity
    assert points.points_released == 600
    # 50 left of the 500 lot, and the 300 restored into a lot with that lot's expiry
    assert points.points_expired == 350
    assert (points.closing_available, points.closing_pending) == (800, 0)
    assert opening_balance(points) == 1150
    guests = only(rows, currency="USD", country="FR", tier="")
    assert (guests.guest_orders, guests.guest_sales, guests.member_orders) == (
        1,
        Decimal("40.00"),
        0,
    )
    # Day 1 stays as it was closed (DE, silver), whatever happened since.
    assert DailyFigures.objects.get(day=DAY_1, currency="USD").country == "DE"


def test_figures_are_the_same_before_and_after_the_jobs_run(clock):
    member, _silver = day_one(clock)
    day_two(clock, member)
    clock.set(at(DAY_2 + (DAY_2 - DAY_1), 0, 10))
    before = [vars_of(row) for row in live_figures(DAY_2)]
    release_due_lots(as_of=timezone.now(), now=timezone.now())
    expire_due_lots(as_of=timezone.now(), now=timezone.now())
    assert [vars_of(row) for row in live_figures(DAY_2)] == before
    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (800, 0)


def vars_of(row):
    return {k: v for k, v in vars(row).items() if not k.startswith("_") and k != "id"}


def test_close_day_refuses_a_day_under_way(clock):
    clock.set(at(DAY_1, 23, 59))
    with pytest.raises(DayNotFinished):
        close_day(DAY_1)
    assert not ReportingDay.objects.exists()


def test_an_order_paid_before_its_member_joined_counts_under_its_shipping_country(clock):
    """A member's order paid on a day before they joined (a guest order later linked to the
    member): the member is not among that day's members, so the order takes its shipping
    country, as a guest's would (closing the day used to fail on a null country)."""
    clock.set(at(DAY_1, 9))
    buyer = MemberFactory(country="DE", preferred_currency="USD")
    order = make_order(member=buyer)
    paid(order, at(DAY_1, 10))
    type(buyer).objects.filter(pk=buyer.pk).update(created_at=at(DAY_2, 9))
    clock.set(at(DAY_2, 12))

    close_day(DAY_1)

    rows = DailyFigures.objects.filter(day=DAY_1, member_orders__gt=0)
    shipped_to = Order.objects.get(pk=order.pk).ship_to_country
    assert [(row.country, row.member_orders) for row in rows] == [(shipped_to, 1)]
