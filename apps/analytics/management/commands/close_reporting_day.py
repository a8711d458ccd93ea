"""Close one reporting day, or rebuild the stored figures of a range of days (docs/reports.md)."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from apps.analytics import rollups
from apps.analytics.models import ReportingDay


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(f"{option}: {value!r} is not a date (YYYY-MM-DD)")
    return parsed


class Command(BaseCommand):
    help = (
        "Close a finished reporting day (--date; a closed day is left as it is), or compute "
        "again and replace the figures of every day of a range (--backfill [--from] [--to])."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to close (YYYY-MM-DD).")
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Rebuild a range: each day's figures replaced in one transaction.",
        )
        parser.add_argument(
            "--from", dest="first", help="First day to rebuild. Default: the first day with data."
        )
        parser.add_argument("--to", dest="last", help="Last day to rebuild. Default: yesterday.")

    def handle(self, *args, **options):
        day = _date(options["date"], "--date")
        if options["backfill"] == (day is not None):
            raise CommandError("Give either --date or --backfill.")
        try:
            if day is not None:
                self._close(day)
            else:
                self._backfill(_date(options["first"], "--from"), _date(options["last"], "--to"))
        except rollups.DayNotFinished as error:
            raise CommandError(str(error.message)) from error

    def _close(self, day: date) -> None:
        already = ReportingDay.objects.filter(day=day).exists()
        closed = rollups.close_day(day)
        if already:
            self.stdout.write(f"{day} was already closed (at {closed.closed_at:%Y-%m-%d %H:%M}).")
        else:
            self.stdout.write(f"Closed {day} ({closed.ledger_entries} ledger entries).")

    def _backfill(self, first: date | None, last: date | None) -> None:
        today = timezone.localdate()
        last = last or today - timedelta(days=1)
        first = first or rollups.first_day() or last
        if first > last:
            raise CommandError(f"--from {first} is after --to {last}.")
        rebuilt = rollups.rebuild_days(first, last)
        self.stdout.write(f"Rebuilt {len(rebuilt)} days, {first} to {last}.")
