"""Reads of the programme reports: one row per day (or month) from the closed days' figures,
and today's (or a day not closed yet) computed live.

A report costs the number of days asked for: a closed day is a handful of ``DailyFigures``
rows, summed in the database; only days without a ``ReportingDay`` go to the ledger
(``rollups.live_figures``), normally today alone, whose figures are computed at most once a
minute for every reader (``live.recent_live_figures``: as of the current minute).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from apps.core.errors import ApplicationError
from apps.core.replica import connection_for_reads
from apps.currencies.selectors import exchange_rate
from apps.ledger.selectors import points_value

from . import live, rollups
from .models import DailyFigures, ReportingDay

# A report covers at most this many days (two years and a day: a leap year's comparison).
LONGEST_RANGE_DAYS = 732
# The point figures of a day, summed over its rows.
POINT_FIGURES = (
    *rollups.MOVEMENTS.keys(),
    "points_released",
    "closing_available",
    "closing_pending",
)
COUNT_FIGURES = ("members_joined", "active_members", "member_orders", "guest_orders")


class InvalidReportRange(ApplicationError):
    code = "invalid_range"
    default_message = _("The first day must be on or before the last day.")


def check_range(first: date, last: date, *, today: date | None = None) -> None:
    """Raise ``InvalidReportRange`` unless ``first`` <= ``last`` <= today, within
    ``LONGEST_RANGE_DAYS``."""
    today = today or timezone.localdate()
    if first > last:
        raise InvalidReportRange()
    if last > today:
        raise InvalidReportRange(_("The last day cannot be after today."))
    if (last - first).days + 1 > LONGEST_RANGE_DAYS:
        raise InvalidReportRange(
            _("A report covers at most %(days)s days.") % {"days": LONGEST_RANGE_DAYS}
        )


@dataclass
class DayFigures:
    """One day's figures summed over the dimensions asked for."""

    day: date
    live: bool = False
    points: dict[str, int] = field(default_factory=lambda: dict.fromkeys(POINT_FIGURES, 0))
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_FIGURES, 0))
    # currency -> (sales to members, sales to guests)
    sales: dict[str, list[Decimal]] = field(
        default_factory=lambda: defaultdict(lambda: [Decimal(0), Decimal(0)])
    )

    @property
    def closing(self) -> int:
        return self.points["closing_available"] + self.points["closing_pending"]

    @property
    def net_movement(self) -> int:
        return sum(sign * self.points[name] for name, sign in rollups.MOVEMENTS.items())

    @property
    def opening(self) -> int:
        return self.closing - self.net_movement

    def add(self, other: "DayFigures") -> None:
        """Add ``other``'s movements (a later day of the same month): the closing is the later
        day's, so only the flows are summed."""
        for name in rollups.MOVEMENTS:
            self.points[name] += other.points[name]
        self.points["points_released"] += other.points["points_released"]
        self.points["closing_available"] = other.points["closing_available"]
        self.points["closing_pending"] = other.points["closing_pending"]
        for name in COUNT_FIGURES:
            self.counts[name] += other.counts[name]
        for currency, (members, guests) in other.sales.items():
            self.sales[currency][0] += members
            self.sales[currency][1] += guests
        self.live = self.live or other.live


def daily_figures(
    first: date, last: date, *, country: str = "", tier: str = ""
) -> list[DayFigures]:
    """Every day from ``first`` to ``last`` (check the range first: ``check_range``), for the
    members of ``country`` and ``tier`` (at each day's end) if given."""
    days = {
        first + timedelta(days=offset): DayFigures(first + timedelta(days=offset))
        for offset in range((last - first).days + 1)
    }
    closed = set(
        ReportingDay.objects.filter(day__range=(first, last)).values_list("day", flat=True)
    )
    rows = DailyFigures.objects.filter(day__in=closed)
    rows = _filtered(rows, country=country, tier=tier)
    # One grouped read (a row per day and currency, a few per day), summed per day here; the
    # rows read as plain tuples (the ORM's per-value conversion cost more than the query).
    names = (*POINT_FIGURES, *COUNT_FIGURES)
    grouped = (
        rows.values("day", "currency")
        .annotate(
            **{name: Sum(name) for name in names},
            members=Sum("member_sales"),
            guests=Sum("guest_sales"),
        )
        .values_list("day", "currency", *names, "members", "guests")
    )
    totals = []
    if closed:  # (no SQL for an empty ``IN``)
        sql, parameters = grouped.query.sql_with_params()
        with connection_for_reads().cursor() as cursor:
            cursor.execute(sql, parameters)
            totals = cursor.fetchall()
    for day, currency, *sums, members, guests in totals:
        figures = days[day]
        for name, value in zip(names, sums, strict=True):
            if name in figures.points:
                figures.points[name] += int(value)
            else:
                figures.counts[name] += int(value)
        if members or guests:
            figures.sales[currency] = [members, guests]
    start = rollups.first_day()
    for day in sorted(set(days) - closed):
        if start is not None and day >= start:  # before it there is nothing to compute
            days[day] = _live(day, country=country, tier=tier)
    return [days[day] for day in sorted(days)]


def _filtered(rows, *, country: str, tier: str):
    if country:
        rows = rows.filter(country=country)
    if tier:
        rows = rows.filter(tier=tier)
    return rows


def _live(day: date, *, country: str, tier: str) -> DayFigures:
    figures = DayFigures(day, live=True)
    # Today's from the copy kept for this minute; a past day not closed yet (the closing job
    # is behind) computed now: it no longer changes.
    today = day == timezone.localdate()
    for row in live.recent_live_figures(day) if today else rollups.live_figures(day):
        if (country and row.country != country) or (tier and row.tier != tier):
            continue
        for name in POINT_FIGURES:
            figures.points[name] += getattr(row, name)
        for name in COUNT_FIGURES:
            figures.counts[name] += getattr(row, name)
        if row.member_sales or row.guest_sales:
            figures.sales[row.currency][0] += row.member_sales
            figures.sales[row.currency][1] += row.guest_sales
    return figures


def monthly_figures(days: list[DayFigures]) -> list[DayFigures]:
    """The days grouped by calendar month: each month's flows summed, its opening the first
    day's and its closing the last day's. A month's ``day`` is its first day in the range."""
    months: dict[tuple[int, int], DayFigures] = {}
    for day in days:
        key = (day.day.year, day.day.month)
        if key not in months:
            months[key] = DayFigures(day.day)
        months[key].add(day)
    return list(months.values())


def closing_values(points: int) -> dict[str, Money | None]:
    """What ``points`` are worth when redeemed, in each currency (None without a rate)."""
    return {currency: points_value(points, currency) for currency in settings.CURRENCIES}


def closing_valuer() -> Callable[[int], dict[str, Money | None]]:
    """``closing_values`` for the many rows of one report: the currencies without a rate are
    found once (a missing rate is not cached, so each row would look it up again: two queries
    per row and currency)."""
    valued = [
        currency
        for currency in settings.CURRENCIES
        if exchange_rate(settings.BASE_CURRENCY, currency) is not None
    ]

    def values(points: int) -> dict[str, Money | None]:
        return {
            currency: points_value(points, currency) if currency in valued else None
            for currency in settings.CURRENCIES
        }

    return values
