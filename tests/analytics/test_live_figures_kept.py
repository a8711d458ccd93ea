"""Today's figures are computed at most once a minute for every reader: the beat task
``analytics.refresh_live_figures`` computes them at the start of each minute while anyone reads
them, and the dashboard, the accounting report and the reporting API take that copy instead of
computing them in the request."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from apps.analytics import live
from apps.analytics.dashboard import Filters, Period
from apps.analytics.tasks import refresh_live_figures
from apps.integrations.scopes import REPORTS_READ
from apps.ledger import services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)


def at(minute: int, second: int = 0) -> datetime:
    return datetime(2026, 3, 20, 9, minute, second, tzinfo=UTC)


def earned(rows) -> int:
    return sum(row.points_earned_available + row.points_earned_pending for row in rows)


class Statements:
    """Counts the statements that compute live figures (read every member's balance)."""

    def __init__(self):
        self.live = 0

    def __call__(self, execute, sql, params, many, context):
        if "later_entries AS" in sql:
            self.live += 1
        return execute(sql, params, many, context)


def test_the_task_is_idle_while_nobody_reads_today_s_figures(clock):
    clock.set(at(0, 1))
    assert refresh_live_figures.apply().get() is False


def test_readers_take_the_copy_the_task_computed_for_the_minute(clock):
    clock.set(at(0, 10))
    member = MemberFactory()
    services.earn(member=member, points=100, reason="r", idempotency_key="one")
    clock.set(at(0, 20))
    assert earned(live.recent_live_figures(TODAY)) == 100  # someone reads them: wanted
    clock.set(at(0, 30))
    services.earn(member=member, points=50, reason="r", idempotency_key="two")

    clock.set(at(1, 0))  # the next minute: beat's task computes them once
    statements = Statements()
    with connection.execute_wrapper(statements):
        assert refresh_live_figures.apply().get() is True
        assert statements.live == 1
        clock.set(at(1, 40))
        assert earned(live.recent_live_figures(TODAY)) == 150
        assert earned(live.recent_live_figures(TODAY)) == 150
    assert statements.live == 1  # the readers computed nothing


def test_the_reporting_api_reads_today_from_the_kept_copy(clock, make_key, client_for):
    clock.set(at(0, 10))
    member = MemberFactory()
    services.earn(member=member, points=100, reason="r", idempotency_key="one")
    clock.set(at(0, 20))
    reports = client_for(make_key(scopes=[REPORTS_READ]).key)
    query = {"from": "2026-03-20", "to": "2026-03-20"}
    url = "/api/v1/reports/points-accounting/"
    first = reports.get(url, query).json()["days"]
    statements = Statements()
    with connection.execute_wrapper(statements):
        again = reports.get(url, query).json()["days"]
    assert again == first
    assert statements.live == 0  # the same minute: nothing computed again
    assert first[0]["earned_available"] + first[0]["earned_pending"] == 100


def test_members_at_risk_are_counted_once_a_minute_per_filters(clock):
    """The dashboard's at-risk count (three indexed probes per account) as of the current
    minute: the task counts it without filters, filtered views count theirs once a minute."""
    clock.set(datetime(2025, 11, 1, tzinfo=UTC))
    quiet = MemberFactory(country="DE")
    services.earn(member=quiet, points=2500, reason="seed", idempotency_key="q")
    clock.set(at(0, 20))
    everyone, france = Filters(Period(TODAY, TODAY)), Filters(Period(TODAY, TODAY), country="FR")
    live.recent_live_figures(TODAY)  # the dashboard was read: the task works

    clock.set(at(1, 0))
    assert refresh_live_figures.apply().get() is True
    probes = Probes()
    with connection.execute_wrapper(probes):
        assert live.recent_at_risk_members(everyone) == 1  # the task's count
        assert probes.count == 0
        assert live.recent_at_risk_members(france) == 0  # counted now, kept
        assert live.recent_at_risk_members(france) == 0
        assert probes.count == 1
        services.earn(member=quiet, points=10, reason="r", idempotency_key="back")
        clock.set(at(1, 50))
        assert live.recent_at_risk_members(everyone) == 1  # the same minute
        clock.set(at(2, 0))
        assert live.recent_at_risk_members(everyone) == 0  # active again: not at risk
    assert probes.count == 2


class Probes:
    """Counts the at-risk statements (the ledger's rule over every account)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith("SELECT COUNT(*)") and "ledger_pointsaccount" in sql:
            self.count += 1
        return execute(sql, params, many, context)
