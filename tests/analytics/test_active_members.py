"""The members active on each closed day, stored by the closing job as one bit per member
(``ActiveMembers``), and the dashboard's "active members over a period" read from them: the same
rule as the daily rollups' ``active_members``, the same counts whether the period's days are
closed or not, the closed days read from the bitmaps."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from apps.analytics import dashboard_queries as queries
from apps.analytics.dashboard import Filters, Period
from apps.analytics.models import ActiveMembers, DailyFigures
from apps.analytics.rollups import close_day, rebuild_days
from apps.ledger import services
from apps.orders.models import Order
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db

DAY_1 = date(2026, 3, 10)
DAY_2 = date(2026, 3, 11)
TODAY = date(2026, 3, 12)
PERIOD = Period(DAY_1, TODAY)  # two closed days and today


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def bits(day: date, column: str = "members") -> str:
    """A stored bitmap of a day as text ('0110...': bit n for member id n)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column}::text FROM analytics_activemembers WHERE day_id = %s",  # noqa: S608
            [day],
        )
        return cursor.fetchone()[0]


def active_ids(day: date, column: str = "members") -> set[int]:
    return {n for n, bit in enumerate(bits(day, column)) if bit == "1"}


def paid_order(member, when):
    Order.objects.filter(pk=make_order(member=member).pk).update(status="paid", paid_at=when)


@pytest.fixture
def people(clock):
    """Day 1: a earns, b pays an order, d only gets a staff adjustment (not active). Day 2: b
    spends points, c (FR) pays an order. Today: e (FR) earns, a earns again.

    Orders paid: a on day 1 and today (twice, a closed day and today), b on days 1 and 2 (twice,
    on two closed days), c two on day 2 (twice, one day), e one today."""
    clock.set(at(DAY_1, 8))
    a = MemberFactory(country="DE")
    b = MemberFactory(country="DE")
    c = MemberFactory(country="FR")
    d = MemberFactory(country="DE")
    e = MemberFactory(country="FR")
    clock.set(at(DAY_1, 9))
    services.earn(member=a, points=100, reason="r", idempotency_key="a1")
    services.earn(member=b, points=500, reason="r", idempotency_key="b0")
    services.adjust(
        member=d, points=70, reason="r", idempotency_key="d1", actor=None, source="staff:1"
    )
    paid_order(b, at(DAY_1, 10))
    paid_order(a, at(DAY_1, 11))
    clock.set(at(DAY_2, 9))
    services.spend(member=b, points=50, reason="r", idempotency_key="b1", source="order:1")
    paid_order(c, at(DAY_2, 10))
    paid_order(c, at(DAY_2, 11))
    paid_order(b, at(DAY_2, 12))
    clock.set(at(TODAY, 9))
    services.earn(member=e, points=10, reason="r", idempotency_key="e1")
    services.earn(member=a, points=10, reason="r", idempotency_key="a2")
    paid_order(a, at(TODAY, 10))
    paid_order(e, at(TODAY, 11))
    clock.set(at(TODAY, 12))
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_closing_a_day_stores_its_active_members_as_bits(people):
    close_day(DAY_1)
    close_day(DAY_2)
    assert active_ids(DAY_1) == {people["a"].pk, people["b"].pk}  # d's adjustment: not active
    assert active_ids(DAY_2) == {people["b"].pk, people["c"].pk}
    for day in (DAY_1, DAY_2):
        # The same rule as the day's rollup rows.
        rows = DailyFigures.objects.filter(day=day).aggregate(active=Sum("active_members"))
        assert len(active_ids(day)) == rows["active"]


def test_rebuilding_a_day_replaces_its_bits(people):
    close_day(DAY_1)
    ActiveMembers.objects.filter(day=DAY_1).update(members="1")  # wrong: member id 0
    rebuild_days(DAY_1, DAY_1)
    assert ActiveMembers.objects.filter(day=DAY_1).count() == 1
    assert active_ids(DAY_1) == {people["a"].pk, people["b"].pk}


def test_active_members_are_the_same_from_bits_and_from_the_ledger(people):
    everyone, france = Filters(PERIOD), Filters(PERIOD, country="FR")
    before = PERIOD.previous()
    from_ledger = (
        queries.active_members(everyone, PERIOD, before),
        queries.active_members(france, PERIOD, before),
    )
    assert from_ledger == ((4, 0), (2, 0))  # a b c e; in France c e
    close_day(DAY_1)
    assert queries.active_members(everyone, PERIOD, before) == (4, 0)  # day 1 from its bits
    close_day(DAY_2)
    assert queries.active_members(everyone, PERIOD, before) == (4, 0)
    assert queries.active_members(france, PERIOD, before) == (2, 0)
    # Only today: e and a, from the ledger; only the closed days: a b c, from the bits.
    assert queries.active_members(everyone, Period(TODAY, TODAY), before) == (2, 0)
    assert queries.active_members(everyone, Period(DAY_1, DAY_2), before) == (3, 0)


def test_closed_days_are_read_from_their_bits(people):
    close_day(DAY_1)
    close_day(DAY_2)
    # Proof the bits are what is read: with day 2's bits emptied, c (active only on day 2)
    # no longer counts; b still does (day 1).
    ActiveMembers.objects.filter(day=DAY_2).update(members="")
    assert queries.active_members(Filters(PERIOD), PERIOD, PERIOD.previous()) == (3, 0)
    # Bitmaps of different lengths (the highest active id of each day) OR-ed together.
    assert len(bits(DAY_1)) == people["b"].pk + 1


def test_closing_a_day_stores_its_buyers_and_repeat_buyers(people):
    close_day(DAY_1)
    close_day(DAY_2)
    a, b, c = people["a"].pk, people["b"].pk, people["c"].pk
    assert active_ids(DAY_1, "buyers") == {a, b}
    assert active_ids(DAY_1, "repeat_buyers") == set()
    assert active_ids(DAY_2, "buyers") == {b, c}
    assert active_ids(DAY_2, "repeat_buyers") == {c}


def test_repurchase_is_the_same_from_bits_and_from_the_orders(people):
    everyone, france = Filters(PERIOD), Filters(PERIOD, country="FR")
    before = PERIOD.previous()
    # Buyers a b c e; twice: a (day 1 and today), b (days 1 and 2), c (two on day 2).
    expected = ((Decimal("75.0"), None), (Decimal("50.0"), None))  # France: c e, c twice
    assert (
        queries.repurchase_rates(everyone, PERIOD, before),
        queries.repurchase_rates(france, PERIOD, before),
    ) == expected
    close_day(DAY_1)
    assert queries.repurchase_rates(everyone, PERIOD, before)[0] == Decimal("75.0")
    close_day(DAY_2)
    assert (
        queries.repurchase_rates(everyone, PERIOD, before),
        queries.repurchase_rates(france, PERIOD, before),
    ) == expected
    # The closed days alone: a b c bought, b and c twice; day 2 alone: b c, c twice.
    assert queries.repurchase_rates(everyone, Period(DAY_1, DAY_2), before)[0] == Decimal("66.7")
    assert queries.repurchase_rates(everyone, Period(DAY_2, DAY_2), before)[0] == Decimal("50.0")
    # Proof the bits are read: day 2's repeat buyers emptied, c paid twice no more.
    ActiveMembers.objects.filter(day=DAY_2).update(repeat_buyers="")
    assert queries.repurchase_rates(everyone, Period(DAY_2, DAY_2), before)[0] == Decimal("0.0")
