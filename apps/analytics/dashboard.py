"""The programme dashboard's figures: what staff see first in the admin.

Sums over days (enrolments, orders and sales, points movements, balances) come from the daily
rollups (``DailyFigures``): closed days from the table, today from
``rollups.live_figures``. Figures that cannot be summed from daily rows (distinct members
active over the period, repurchase rate, tier distribution and migration, referrals, rewards,
members at risk) come from targeted indexed queries (``dashboard_queries``). Every figure is
shown beside the same-length period just before.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from djmoney.money import Money

from apps.core.replica import connection_for_reads
from apps.ledger.selectors import points_value
from apps.tiers.models import Tier

from . import dashboard_queries as queries
from .models import DailyFigures, ReportingDay
from .rollups import COLUMNS

PERIOD_CHOICES = (7, 30, 90, 365)

# The rollup columns summed over days (points are magnitudes, sales in the row's currency); the
# closing balances are read at a period's end instead.
CLOSING = ("closing_available", "closing_pending")
SUMMED = tuple(name for name in COLUMNS if name not in CLOSING)
SALES = ("member_sales", "guest_sales")


def tier_dimension(tier: Tier) -> str:
    """How a tier is written in the rollups' ``tier`` column."""
    return str(tier.pk)


@dataclass(frozen=True)
class Period:
    """Calendar days ``first`` to ``last`` (both included) in the programme's time zone."""

    first: date
    last: date

    @classmethod
    def last_days(cls, days: int, *, today: date) -> "Period":
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> "Period":
        """The same number of days just before."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    @property
    def starts(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def ends(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def each_day(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.days)]


@dataclass(frozen=True)
class Filters:
    period: Period
    country: str = ""
    tier: Tier | None = None
    customer_type: str = ""


@dataclass(frozen=True)
class Compared:
    """A figure in the period beside the same figure in the period before."""

    current: int | Decimal | None
    previous: int | Decimal | None

    @property
    def change(self) -> int | Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        """Relative change in per cent (None when the previous figure is zero or unknown)."""
        if self.change is None or not self.previous:
            return None
        return (Decimal(self.change) * 100 / Decimal(self.previous)).quantize(Decimal("0.1"))


def ratio_percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` of ``whole`` in per cent, one decimal (None when ``whole`` is zero)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class DaySums:
    """The summed rollup columns of one day (all currencies) or one currency (all days)."""

    values: dict[str, int | Decimal] = field(default_factory=lambda: dict.fromkeys(SUMMED, 0))

    def add(self, row: dict) -> None:
        for name in SUMMED:
            self.values[name] += row[name] or 0

    def __getattr__(self, name: str):
        if name in SUMMED:
            return self.values[name]
        raise AttributeError(name)

    @property
    def issued(self) -> int:
        return self.points_earned_pending + self.points_earned_available

    @property
    def redeemed(self) -> int:
        return self.points_spent_checkout + self.points_spent_rewards

    @property
    def adjusted(self) -> int:
        return self.points_adjusted_up - self.points_adjusted_down


@dataclass
class Rollup:
    """A period's rollup rows summed by day and by currency, and its closing balances."""

    by_day: dict[date, DaySums]
    by_currency: dict[str, DaySums]
    total: DaySums
    closing_by_currency: dict[str, int]
    open_days: int  # finished days of the period whose figures are not closed yet


LiveFigures = Callable[[date], Iterable[DailyFigures]]


def _dimension_filter(filters: Filters) -> dict:
    wanted = {}
    if filters.country:
        wanted["country"] = filters.country
    if filters.tier is not None:
        wanted["tier"] = tier_dimension(filters.tier)
    if filters.customer_type:
        wanted["customer_type"] = filters.customer_type
    return wanted


def _live_rows(filters: Filters, day: date, live: LiveFigures) -> list[dict]:
    wanted = _dimension_filter(filters)
    return [
        {name: getattr(row, name) for name in ("day", "currency", *SUMMED, *CLOSING)}
        for row in live(day)
        if all(getattr(row, key) == value for key, value in wanted.items())
    ]


def _closing_by_currency(filters: Filters, day: date) -> dict[str, int]:
    """Outstanding points (available + pending) per valuation currency at the end of the latest
    closed day up to ``day`` (a closed day has a row for every combination of dimensions with a
    balance)."""
    latest = ReportingDay.objects.filter(day__lte=day).order_by("-day").first()
    if latest is None:
        return {}
    rows = (
        DailyFigures.objects.filter(day=latest.day, **_dimension_filter(filters))
        .values("currency")
        .annotate(available=Sum("closing_available"), pending=Sum("closing_pending"))
    )
    return {row["currency"]: row["available"] + row["pending"] for row in rows}


def rollup(filters: Filters, period: Period, *, today: date, live: LiveFigures) -> Rollup:
    """``period``'s rollups under ``filters``: closed days from ``DailyFigures`` (two queries
    whatever the ledger's size), today (if inside) from ``live``."""
    closed = (
        DailyFigures.objects.filter(
            day__gte=period.first, day__lte=min(period.last, today - timedelta(days=1))
        )
        .filter(**_dimension_filter(filters))
        .values("day", "currency")
        .annotate(**{name: Sum(name) for name in SUMMED})
        .values_list("day", "currency", *SUMMED)
    )
    # Read as plain rows (the ORM's per-value conversion of some 1,800 rows x 16 sums cost
    # more than the query); points and counts as integers, sales as decimals.
    sql, parameters = closed.query.sql_with_params()
    with connection_for_reads().cursor() as cursor:
        cursor.execute(sql, parameters)
        fetched = cursor.fetchall()
    rows: list[Any] = [
        {
            "day": day,
            "currency": currency,
            **{
                name: value if name in SALES else int(value)
                for name, value in zip(SUMMED, sums, strict=True)
            },
        }
        for day, currency, *sums in fetched
    ]
    closing_day = min(period.last, today - timedelta(days=1))
    closing = _closing_by_currency(filters, closing_day) if closing_day >= period.first else {}
    if period.first <= today <= period.last:
        live_rows = _live_rows(filters, today, live)
        rows += live_rows
        live_closing: defaultdict[str, int] = defaultdict(int)
        for live_row in live_rows:
            live_closing[live_row["currency"]] += (
                live_row["closing_available"] + live_row["closing_pending"]
            )
        closing = dict(live_closing)
    by_day: dict[date, DaySums] = {day: DaySums() for day in period.each_day()}
    by_currency: dict[str, DaySums] = defaultdict(DaySums)
    total = DaySums()
    for row in rows:
        by_day[row["day"]].add(row)
        by_currency[row["currency"]].add(row)
        total.add(row)
    finished = min(period.last, today - timedelta(days=1))
    closed_days = ReportingDay.objects.filter(day__gte=period.first, day__lte=finished).count()
    open_days = max(0, (finished - period.first).days + 1 - closed_days)
    return Rollup(by_day, dict(by_currency), total, closing, open_days)


@dataclass(frozen=True)
class SalesInCurrency:
    currency: str
    member_order_value: Compared  # average, in the currency
    guest_order_value: Compared
    member_share: Compared  # per cent of sales


@dataclass(frozen=True)
class LiabilityInCurrency:
    currency: str
    points: Compared
    value: Money | None  # the current points at today's redemption value


@dataclass
class Dashboard:
    filters: Filters
    current: Rollup
    previous: Rollup
    members_total: Compared
    members_new: Compared
    members_active: Compared
    repurchase_rate: Compared
    points_issued: Compared
    points_redeemed: Compared
    points_expired: Compared
    points_adjusted: Compared
    redemption_rate: Compared
    sales: list[SalesInCurrency]
    liability: list[LiabilityInCurrency]
    tier_distribution: list[queries.TierCount]
    tier_migration: queries.TierMigration
    referral_conversion: queries.ReferralConversion
    top_rewards: list[queries.RewardCount]
    at_risk_members: int
    segments: list[tuple[str, int]] = field(default_factory=list)
    referral_channels: list[queries.ChannelCount] = field(default_factory=list)


def _average(total: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.01"))


def _sales(current: Rollup, previous: Rollup) -> list[SalesInCurrency]:
    empty = DaySums()
    result = []
    for currency in sorted(set(current.by_currency) | set(previous.by_currency)):
        now, before = (
            current.by_currency.get(currency, empty),
            previous.by_currency.get(currency, empty),
        )
        result.append(
            SalesInCurrency(
                currency,
                Compared(
                    _average(now.member_sales, now.member_orders),
                    _average(before.member_sales, before.member_orders),
                ),
                Compared(
                    _average(now.guest_sales, now.guest_orders),
                    _average(before.guest_sales, before.guest_orders),
                ),
                Compared(
                    ratio_percent(now.member_sales, now.member_sales + now.guest_sales),
                    ratio_percent(before.member_sales, before.member_sales + before.guest_sales),
                ),
            )
        )
    return result


def _liability(current: Rollup, previous: Rollup) -> list[LiabilityInCurrency]:
    currencies = sorted(set(current.closing_by_currency) | set(previous.closing_by_currency))
    return [
        LiabilityInCurrency(
            code,
            Compared(
                current.closing_by_currency.get(code, 0), previous.closing_by_currency.get(code, 0)
            ),
            points_value(current.closing_by_currency.get(code, 0), code),
        )
        for code in currencies
    ]


def _compared(current: Rollup, previous: Rollup, name: str) -> Compared:
    return Compared(getattr(current.total, name), getattr(previous.total, name))


def at_risk_now(filters: Filters) -> int:
    return queries.at_risk_members(filters, as_of=timezone.now())


@dataclass(frozen=True)
class WholeMember:
    """The dashboard's figures that read every member (or every member's history): they grow
    with the programme, so the unfiltered dashboard reads them as the background job stored
    them (``stored``), and a filtered view computes them in the request."""

    members_total: tuple[int, int]
    activity: queries.MemberActivity
    tier_distribution: list[queries.TierCount]
    tier_migration: queries.TierMigration
    referral_conversion: queries.ReferralConversion
    referral_channels: list[queries.ChannelCount]
    segments: list[tuple[str, int]]
    at_risk: int


def whole_member_figures(
    filters: Filters, *, at_risk: Callable[[Filters], int] = at_risk_now, memo: dict | None = None
) -> WholeMember:
    """``filters``' whole-member figures, computed now. ``memo`` keeps the figures that do not
    depend on the period's length (every period ends today) across calls for several periods."""
    memo = {} if memo is None else memo

    def once(key, compute):
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    period, before = filters.period, filters.period.previous()
    return WholeMember(
        members_total=(
            once(("total", period.ends), lambda: queries.members_total(filters, at=period.ends)),
            once(("total", before.ends), lambda: queries.members_total(filters, at=before.ends)),
        ),
        activity=queries.member_activity(filters, period, before),
        tier_distribution=once(
            ("tiers", period.ends), lambda: queries.tier_distribution(filters, at=period.ends)
        ),
        tier_migration=queries.tier_migration(filters, period),
        referral_conversion=queries.referral_conversion(filters, period, before),
        referral_channels=queries.referrals_by_channel(filters, period),
        segments=once("segments", lambda: queries.members_by_segment(filters)),
        at_risk=once("at_risk", lambda: at_risk(filters)),
    )


def programme_dashboard(
    filters: Filters,
    *,
    live: LiveFigures,
    at_risk: Callable[[Filters], int] = at_risk_now,
    whole: WholeMember | None = None,
) -> Dashboard:
    """Every figure of the dashboard for ``filters``, each beside the previous period (today's
    rows from ``live``; the whole-member figures from ``whole`` when stored, else computed now,
    the members at risk from ``at_risk``)."""
    today = timezone.localdate()
    period, before = filters.period, filters.period.previous()
    current = rollup(filters, period, today=today, live=live)
    previous = rollup(filters, before, today=today, live=live)
    if whole is None:
        whole = whole_member_figures(filters, at_risk=at_risk)
    return Dashboard(
        filters=filters,
        current=current,
        previous=previous,
        members_total=Compared(*whole.members_total),
        members_new=_compared(current, previous, "members_joined"),
        members_active=Compared(*whole.activity.active),
        repurchase_rate=Compared(*whole.activity.repurchase),
        points_issued=_compared(current, previous, "issued"),
        points_redeemed=_compared(current, previous, "redeemed"),
        points_expired=_compared(current, previous, "points_expired"),
        points_adjusted=_compared(current, previous, "adjusted"),
        redemption_rate=Compared(
            ratio_percent(current.total.redeemed, current.total.issued),
            ratio_percent(previous.total.redeemed, previous.total.issued),
        ),
        sales=_sales(current, previous),
        liability=_liability(current, previous),
        tier_distribution=whole.tier_distribution,
        tier_migration=whole.tier_migration,
        referral_conversion=whole.referral_conversion,
        # Reward names are in the reader's language: read in the request (the period's
        # redemptions, by their date index).
        top_rewards=queries.top_rewards(filters, period),
        at_risk_members=whole.at_risk,
        segments=whole.segments,
        referral_channels=whole.referral_channels,
    )
