"""Closing days: the nightly job (one day per batch under the batch-job lease), the
``close_reporting_day`` command, and rebuilding a range."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from apps.analytics.models import DailyFigures, ReportingDay
from apps.analytics.rollups import close_day, rebuild_days
from apps.analytics.tasks import CLOSE_DAYS, close_reporting_days
from apps.core.models import JobRun
from apps.ledger import services
from tests.analytics.test_rollups import at
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 9)


def earn_on(clock, member, day: date, points: int) -> None:
    clock.set(at(day, 12))
    services.earn(member=member, points=points, reason="r", idempotency_key=f"{day}:{points}")


def closing(day: date) -> int:
    rows = DailyFigures.objects.filter(day=day)
    return sum(row.closing_available + row.closing_pending for row in rows)


@pytest.fixture
def three_days(clock):
    """A member who joined on Monday and earned 10, 20 and 30 points on Monday to Wednesday."""
    clock.set(at(MONDAY, 9))
    member = MemberFactory()
    for offset, points in enumerate((10, 20, 30)):
        earn_on(clock, member, date.fromordinal(MONDAY.toordinal() + offset), points)
    return member


def test_the_job_closes_each_finished_day_once(three_days, clock):
    wednesday = date(2026, 3, 11)
    clock.set(at(wednesday, 0, 45))  # the beat's time on Wednesday: Monday and Tuesday are over

    assert close_reporting_days.apply().get() == 2

    run = JobRun.objects.get(job=CLOSE_DAYS.name)
    assert run.finished_at is not None and run.batches == 3  # a day per batch, then none left
    assert list(ReportingDay.objects.order_by("day").values_list("day", flat=True)) == [
        MONDAY,
        date(2026, 3, 10),
    ]
    assert (closing(MONDAY), closing(date(2026, 3, 10))) == (10, 30)

    assert close_reporting_days.apply().get() == 0  # a second beat the same night
    clock.set(at(date(2026, 3, 12), 0, 45))
    assert close_reporting_days.apply().get() == 1  # the next night: Wednesday only
    assert closing(wednesday) == 60


def test_a_closed_day_is_never_changed_by_a_rerun_but_a_rebuild_replaces_it(three_days, clock):
    clock.set(at(date(2026, 3, 10), 1))
    first = close_day(MONDAY)
    three_days.country = "FR"  # a correction after the close
    three_days.save(update_fields=["country"])

    again = close_day(MONDAY)

    assert again.closed_at == first.closed_at
    assert list(DailyFigures.objects.filter(day=MONDAY).values_list("country", flat=True)) == ["DE"]
    rebuilt = rebuild_days(MONDAY, MONDAY)
    assert rebuilt[0].closed_at == at(date(2026, 3, 10), 1)
    assert list(DailyFigures.objects.filter(day=MONDAY).values_list("country", flat=True)) == ["FR"]
    assert closing(MONDAY) == 10


def test_the_command_closes_a_day_and_rebuilds_a_range(three_days, clock, capsys):
    clock.set(at(date(2026, 3, 12), 3))
    call_command("close_reporting_day", date="2026-03-10")
    assert "Closed 2026-03-10" in capsys.readouterr().out
    call_command("close_reporting_day", date="2026-03-10")
    assert "already closed" in capsys.readouterr().out

    call_command("close_reporting_day", backfill=True, first="2026-03-09")

    assert "Rebuilt 3 days, 2026-03-09 to 2026-03-11" in capsys.readouterr().out
    assert [closing(date(2026, 3, day)) for day in (9, 10, 11)] == [10, 30, 60]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"date": "2026-03-12"}, "has not ended"),
        ({"date": "2026-02-30"}, "is not a date"),
        ({"date": "yesterday"}, "is not a date"),
        ({}, "either --date or --backfill"),
        ({"date": "2026-03-10", "backfill": True}, "either --date or --backfill"),
        ({"backfill": True, "first": "2026-03-11", "last": "2026-03-10"}, "is after"),
        ({"backfill": True, "last": "2026-03-12"}, "has not ended"),
    ],
)
def test_the_command_refuses_bad_days_and_changes_nothing(clock, options, message):
    clock.set(at(date(2026, 3, 12), 3))
    with pytest.raises(CommandError, match=message):
        call_command("close_reporting_day", **options)
    assert not ReportingDay.objects.exists()
