"""The reporting API: one row per day, closed days from the rollups and today live, filters,
the scope, and bad ranges refused with the API's error shape."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.analytics.models import DailyFigures
from apps.currencies.services import set_exchange_rate
from apps.integrations.scopes import MEMBERS_READ, REPORTS_READ
from apps.ledger import services
from apps.tiers.models import Tier, TierChange, TierStatus
from tests.analytics.test_rollups import at
from tests.factories import MemberFactory
from tests.integrations.conftest import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]

MONDAY, TUESDAY, WEDNESDAY = date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)
PROGRAMME = "/api/v1/reports/programme/"
ACCOUNTING = "/api/v1/reports/points-accounting/"


@pytest.fixture
def history(clock):
    """Monday: a German and a French member join and earn 100 and 40; Tuesday: the German
    spends 30 at checkout; Wednesday (today, 15:00): the French member earns 5."""
    clock.set(at(MONDAY, 9))
    german = MemberFactory(country="DE")
    french = MemberFactory(country="FR")
    gold = Tier.objects.create(name="Gold", rank=3)
    TierStatus.objects.create(member=german, tier=gold, since=clock())
    TierChange.objects.create(member=german, to_tier=gold, reason="r", created_at=clock())
    services.earn(member=german, points=100, reason="r", idempotency_key="a")
    services.earn(member=french, points=40, reason="r", idempotency_key="b")
    clock.set(at(TUESDAY, 9))
    services.spend(member=german, points=30, reason="r", idempotency_key="c", source="order:9")
    clock.set(at(WEDNESDAY, 1))
    call_command("close_reporting_day", date="2026-03-09")
    call_command("close_reporting_day", date="2026-03-10")
    clock.set(at(WEDNESDAY, 15))
    services.earn(member=french, points=5, reason="r", idempotency_key="d")
    clock.set(at(WEDNESDAY, 15, 1))
    return gold


@pytest.fixture
def reports(make_key, client_for):
    return client_for(make_key(scopes=[REPORTS_READ]).key)


def test_accounting_rows_per_day_closed_and_live(history, reports):
    set_exchange_rate(currency="EUR", value="0.5")

    response = reports.get(ACCOUNTING, {"from": "2026-03-09", "to": "2026-03-11"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["from"], body["to"]) == ("2026-03-09", "2026-03-11")
    days = body["days"]
    assert [(d["day"], d["live"]) for d in days] == [
        ("2026-03-09", False),
        ("2026-03-10", False),
        ("2026-03-11", True),
    ]
    assert [(d["opening"], d["closing"]) for d in days] == [(0, 140), (140, 110), (110, 115)]
    assert [d["earned_available"] for d in days] == [140, 0, 5]
    assert days[1]["spent_checkout"] == 30
    assert all(isinstance(d["closing"], int) for d in days)
    values = {v["currency"]: v["amount"] for v in days[0]["closing_value"]}
    # 140 points at the programme's 100 points per dollar: 1.40 USD, 0.70 EUR, no GBP rate
    assert (values["USD"], values["EUR"], values["GBP"]) == ("1.40", "0.70", None)


def test_closed_days_come_from_the_rollups(history, reports):
    DailyFigures.objects.filter(day=MONDAY).update(closing_available=7)  # only the rollup knows
    days = reports.get(ACCOUNTING, {"from": "2026-03-09", "to": "2026-03-09"}).json()["days"]
    assert days[0]["closing"] == 14  # 7 in each member's row


def test_programme_rows_filtered_by_country_and_tier(history, reports):
    everyone = reports.get(PROGRAMME, {"from": "2026-03-09", "to": "2026-03-11"}).json()["days"]
    assert [d["members_joined"] for d in everyone] == [2, 0, 0]
    assert [d["active_members"] for d in everyone] == [2, 1, 1]

    french = reports.get(PROGRAMME, {"from": "2026-03-09", "to": "2026-03-11", "country": "fr"})
    assert [(d["opening"], d["closing"]) for d in french.json()["days"]] == [
        (0, 40),
        (40, 40),
        (40, 45),
    ]
    gold = reports.get(
        PROGRAMME, {"from": "2026-03-09", "to": "2026-03-10", "tier": str(history.pk)}
    )
    assert [d["closing"] for d in gold.json()["days"]] == [100, 70]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2026-03-10", "to": "2026-03-09"}, None),  # reversed
        ({"from": "2026-03-09", "to": "2026-03-12"}, None),  # past today
        ({"from": "2023-01-01", "to": "2026-03-11"}, None),  # longer than two years
        ({"from": "2026-02-30", "to": "2026-03-11"}, "from"),
        ({"from": "9/3/2026", "to": "2026-03-11"}, "from"),
        ({"to": "2026-03-11"}, "from"),
        ({"from": "2026-03-09", "to": "2026-03-11", "country": "XX"}, "country"),
        ({"from": "2026-03-09", "to": "2026-03-11", "tier": "gold"}, "tier"),
        ({"from": "2026-03-09", "to": "2026-03-11", "currency": "EUR"}, "currency"),
    ],
)
def test_bad_queries_are_400_with_the_error_shape(clock, reports, query, field):
    clock.set(at(WEDNESDAY, 15))
    response = reports.get(PROGRAMME, query)
    if field is None:
        assert_error(response, 400, "invalid_range")
    else:
        assert field in assert_error(response, 400, "invalid")["fields"]


def test_reports_need_the_reports_scope(make_key, client_for, clock):
    clock.set(at(WEDNESDAY, 15))
    other = client_for(make_key(scopes=[MEMBERS_READ]).key)
    for url in (PROGRAMME, ACCOUNTING):
        response = other.get(url, {"from": "2026-03-09", "to": "2026-03-11"})
        assert_error(response, 403, "insufficient_scope")


def test_the_accounting_api_s_queries_do_not_grow_with_the_days(reports, clock):
    """Each day's closing value in every currency: the currencies without a rate (a missing
    rate is not cached) are found once per request, not once per row."""
    clock.set(at(WEDNESDAY, 15))
    set_exchange_rate(currency="EUR", value="0.5")  # the other currencies have no rate

    def queries(first: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = reports.get(ACCOUNTING, {"from": first, "to": "2026-03-11"})
        assert response.status_code == 200
        return len(captured)

    queries("2026-03-11")  # the key, the programme and the rates looked up and cached
    assert queries("2026-03-01") == queries("2026-01-01")
