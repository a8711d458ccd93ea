"""The dashboard's sums over days against hand-computed data: closed days from the rollup rows
(written here as the closing job writes them), today live from the ledger, the previous period
beside, the dimension filters, liability at a period's end and days not closed yet."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from djmoney.money import Money

from apps.analytics.dashboard import Filters, Period, programme_dashboard
from apps.analytics.dashboard_tables import enrolment
from apps.analytics.models import DailyFigures, ReportingDay
from apps.analytics.rollups import live_figures
from apps.ledger import services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)


def day(n: int) -> date:
    return date(2026, 3, n)


def figures(on: int, currency="USD", country="DE", **values) -> DailyFigures:
    return DailyFigures.objects.create(day=day(on), currency=currency, country=country, **values)


@pytest.fixture
def history(clock):
    """Closed days 7 to 19 March; rows in this week (14-19), last week (7-13) and before."""
    clock.set(datetime(2026, 3, 20, 9, tzinfo=UTC))
    for n in range(7, 20):
        ReportingDay.objects.create(day=day(n), closed_at=clock())
    DailyFigures.objects.create(day=day(6), currency="USD", members_joined=5, points_expired=9)
    figures(
        15,
        members_joined=2,
        member_orders=2,
        member_sales=Decimal("300.00"),
        guest_orders=1,
        guest_sales=Decimal("100.00"),
        points_earned_pending=500,
        points_earned_available=300,
        points_spent_checkout=100,
        points_spent_rewards=50,
        points_expired=20,
        points_adjusted_up=40,
        points_adjusted_down=10,
    )
    figures(
        19,
        country="FR",
        members_joined=1,
        member_orders=1,
        member_sales=Decimal("50.00"),
        points_earned_available=200,
        points_spent_checkout=150,
        closing_available=1000,
    )
    figures(19, closing_available=2000, closing_pending=500)
    figures(
        19, currency="EUR", member_orders=1, member_sales=Decimal("80.00"), closing_available=400
    )
    figures(
        10,
        members_joined=1,
        member_orders=1,
        member_sales=Decimal("100.00"),
        guest_orders=3,
        guest_sales=Decimal("300.00"),
        points_earned_available=1000,
        points_spent_checkout=250,
    )
    figures(13, closing_available=1500)
    figures(13, country="FR", closing_available=800)
    # Today, live: a member joins and earns 400 points.
    clock.set(datetime(2026, 3, 20, 10, tzinfo=UTC))
    member = MemberFactory(country="DE", preferred_currency="USD")
    services.earn(member=member, points=400, reason="Welcome", idempotency_key="welcome")
    clock.set(datetime(2026, 3, 20, 12, tzinfo=UTC))


def test_the_last_seven_days_sum_closed_days_and_today_beside_the_week_before(history):
    dashboard = programme_dashboard(Filters(Period.last_days(7, today=TODAY)), live=live_figures)

    assert dashboard.filters.period.previous() == Period(day(7), day(13))
    assert (dashboard.members_new.current, dashboard.members_new.previous) == (4, 1)
    assert dashboard.members_new.change == 3
    assert dashboard.members_new.change_percent == Decimal("300.0")
    assert (dashboard.points_issued.current, dashboard.points_issued.previous) == (1400, 1000)
    assert (dashboard.points_redeemed.current, dashboard.points_redeemed.previous) == (300, 250)
    assert (dashboard.points_expired.current, dashboard.points_expired.previous) == (20, 0)
    assert (dashboard.points_adjusted.current, dashboard.points_adjusted.previous) == (30, 0)
    # 300 / 1400 and 250 / 1000
    assert dashboard.redemption_rate.current == Decimal("21.4")
    assert dashboard.redemption_rate.previous == Decimal("25.0")
    eur, usd = dashboard.sales
    assert (eur.currency, usd.currency) == ("EUR", "USD")
    assert usd.member_order_value.current == Decimal("116.67")  # (300 + 50) / 3
    assert usd.member_order_value.previous == Decimal("100.00")
    assert usd.guest_order_value.current == usd.guest_order_value.previous == Decimal("100.00")
    assert usd.member_share.current == Decimal("77.8")  # 350 / 450
    assert usd.member_share.previous == Decimal("25.0")  # 100 / 400
    assert eur.member_order_value.current == Decimal("80.00")
    assert eur.member_order_value.previous is None
    # Today's live balance is the period's closing; the previous period closes on the 13th.
    liability = {line.currency: line for line in dashboard.liability}
    assert liability["USD"].points.current == 400
    assert liability["USD"].points.previous == 1500 + 800
    assert liability["USD"].value == Money("4.00", "USD")  # 400 points at 100 per dollar
    assert dashboard.current.open_days == dashboard.previous.open_days == 0


def test_a_country_filter_keeps_that_country_s_rows(history):
    dashboard = programme_dashboard(
        Filters(Period.last_days(7, today=TODAY), country="FR"), live=live_figures
    )

    assert (dashboard.members_new.current, dashboard.members_new.previous) == (1, 0)
    assert (dashboard.points_issued.current, dashboard.points_redeemed.current) == (200, 150)
    assert dashboard.redemption_rate.current == Decimal("75.0")
    assert dashboard.redemption_rate.previous is None
    [usd] = dashboard.sales
    assert usd.member_share.current == Decimal("100.0")
    [liability] = dashboard.liability
    assert (liability.points.current, liability.points.previous) == (0, 800)


def test_a_range_ending_yesterday_closes_on_yesterday_s_balances(history):
    dashboard = programme_dashboard(Filters(Period(day(13), day(19))), live=live_figures)

    liability = {line.currency: line for line in dashboard.liability}
    assert liability["USD"].points.current == 2000 + 500 + 1000
    assert liability["EUR"].points.current == 400
    assert liability["USD"].value == Money("35.00", "USD")
    assert liability["USD"].points.previous == 0  # the 12th closed with no balances
    assert dashboard.members_new.current == 3  # today (20 March) is outside


def test_days_not_closed_yet_are_counted(history):
    ReportingDay.objects.filter(day__in=[day(16), day(9)]).delete()

    dashboard = programme_dashboard(Filters(Period.last_days(7, today=TODAY)), live=live_figures)

    assert (dashboard.current.open_days, dashboard.previous.open_days) == (1, 1)


def test_each_day_of_the_period_has_its_sums_for_the_trend(history):
    dashboard = programme_dashboard(Filters(Period.last_days(7, today=TODAY)), live=live_figures)

    by_day = dashboard.current.by_day
    assert list(by_day) == [day(n) for n in range(14, 21)]
    assert [by_day[day(n)].members_joined for n in range(14, 21)] == [0, 2, 0, 0, 0, 1, 1]
    assert by_day[day(15)].issued == 800 and by_day[day(20)].issued == 400


def test_longer_periods_are_shown_by_week_and_by_month(history):
    quarter = programme_dashboard(Filters(Period.last_days(90, today=TODAY)), live=live_figures)
    weeks = enrolment(quarter)
    assert weeks.columns[0] == "Week starting" and len(weeks.rows) == 13
    # Weeks from 21 December: the last one, six days long, starts on 15 March.
    assert weeks.rows[-1][0] == "Mar 15, 2026"
    assert weeks.rows[-1][1] == 2 + 1 + 1

    year = programme_dashboard(Filters(Period.last_days(365, today=TODAY)), live=live_figures)
    months = enrolment(year)
    assert months.columns[0] == "Month" and len(months.rows) == 13
    assert (months.rows[0][0], months.rows[-1][0]) == ("Mar 2025", "Mar 2026")
    assert months.rows[-1][1] == 5 + 1 + 2 + 1 + 1 == year.members_new.current
