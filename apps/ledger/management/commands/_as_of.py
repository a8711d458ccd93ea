"""The ``--as-of`` option shared by the ledger's operator commands."""

from datetime import UTC, datetime, time

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def add_as_of(parser: CommandParser) -> None:
    parser.add_argument(
        "--as-of",
        help="Run as if it were this moment: an ISO date (midnight UTC at its start) or an ISO "
        "date-time with offset. Default: now.",
    )


def as_of_from(value: str | None) -> datetime:
    if not value:
        return timezone.now()
    day = parse_date(value) if len(value) == 10 else None
    moment = datetime.combine(day, time.min, tzinfo=UTC) if day else parse_datetime(value)
    if moment is None:
        raise CommandError(f"--as-of: {value!r} is not an ISO date or date-time")
    if timezone.is_naive(moment):
        raise CommandError("--as-of: give a time zone offset, e.g. 2027-01-01T00:00:00+00:00")
    return moment
