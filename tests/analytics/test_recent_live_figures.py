"""Today's live figures on the dashboard are computed once a minute: the first request of a
minute computes them, the others of that minute read them from the cache."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from apps.analytics.live import recent_live_figures
from apps.ledger import services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)


def earned(rows) -> int:
    return sum(row.points_earned_available + row.points_earned_pending for row in rows)


def test_today_s_figures_are_at_most_a_minute_old(clock):
    clock.set(datetime(2026, 3, 20, 9, 0, 10, tzinfo=UTC))
    member = MemberFactory()
    services.earn(member=member, points=100, reason="r", idempotency_key="one")
    clock.set(datetime(2026, 3, 20, 9, 0, 20, tzinfo=UTC))
    assert earned(recent_live_figures(TODAY)) == 100
    clock.set(datetime(2026, 3, 20, 9, 0, 50, tzinfo=UTC))
    services.earn(member=member, points=50, reason="r", idempotency_key="two")
    clock.set(datetime(2026, 3, 20, 9, 0, 55, tzinfo=UTC))
    assert earned(recent_live_figures(TODAY)) == 100  # the same minute: the kept figures
    clock.set(datetime(2026, 3, 20, 9, 1, 0, tzinfo=UTC))
    assert earned(recent_live_figures(TODAY)) == 150  # a new minute: computed again


def test_today_s_figures_are_computed_without_jit(clock):
    """JIT compilation cost seconds more than the statement itself (docs/benchmarks.md)."""
    clock.set(datetime(2026, 3, 20, 9, 0, 10, tzinfo=UTC))
    seen = []

    def settings_seen(execute, sql, params, many, context):
        if "FROM ledger_ledgerentry" in sql:
            with connection.cursor() as cursor:
                cursor.execute("SHOW jit")
                seen.append(cursor.fetchone()[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(settings_seen):
        recent_live_figures(TODAY)
    assert seen and set(seen) == {"off"}
