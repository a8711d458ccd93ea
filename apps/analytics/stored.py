"""The unfiltered programme dashboard's stored figures (issue #23): computed in the background,
read by the page.

At 1,000,000 members the dashboard's figures that read every member (today's rollup rows with
every member's balance, members in total, active members and repurchase, tiers held and moved,
members at risk, segments) took a minute per request (docs/benchmarks.md). The task
``analytics.refresh_dashboard_figures`` computes them for each period the dashboard offers
(``PERIOD_CHOICES``, no filters), all in one repeatable-read transaction so every figure is as
of the same moment, and stores them in ``StoredDashboard``. The page then reads that row, the
closed days' rollup rows (``DailyFigures``: per day and dimensions, not per member) and the
period's top rewards (their names in the reader's language): its cost no longer grows with the
members. It says "as of HH:MM"; staff can ask for a refresh.

Stored figures are used only for the day they were computed on (a period always ends today):
after midnight, until the next refresh, the page computes its figures itself. Filtered views
(a country, tier, customer type or a custom range) are computed in the request, as before.

Exactly the live figures: the stored ones are ``dashboard.whole_member_figures`` and
``rollups.live_figures`` of that moment, turned into JSON and back (tests compare the page
from stored figures with one computed live).
"""

import time as clock
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from apps.tiers.models import Tier

from . import dashboard_queries as queries
from .dashboard import PERIOD_CHOICES, Filters, Period, WholeMember, whole_member_figures
from .models import DailyFigures, StoredDashboard
from .rollups import COLUMNS, DIMENSIONS, live_figures

# The task runs every REFRESH_MINUTES by beat; it computes only while someone has opened the
# dashboard in the last WANTED_SECONDS, or when the stored figures are not today's.
REFRESH_MINUTES = 5
WANTED_SECONDS = 60 * 60
WANTED_KEY = "analytics:stored-dashboard:wanted"
LOCK_KEY = "analytics:stored-dashboard:refreshing"
LOCK_SECONDS = 30 * 60
VERSION = 1  # of the JSON layout: figures stored by another layout are not read


class Stored:
    """The stored figures of one period: what ``programme_dashboard`` takes."""

    def __init__(self, row: StoredDashboard, whole: WholeMember, live_rows: list[DailyFigures]):
        self.as_of = row.as_of
        self.whole = whole
        self._live_rows = live_rows

    def live(self, day: date) -> list[DailyFigures]:
        return self._live_rows


def _json_value(row: DailyFigures, name: str):
    value = getattr(row, name)
    return str(value) if name.endswith("_sales") else value  # sales: decimals as text


def _encode_live(rows: list[DailyFigures]) -> list[list]:
    return [[_json_value(row, name) for name in (*DIMENSIONS, *COLUMNS)] for row in rows]


def _decode_live(rows: list[list], day: date) -> list[DailyFigures]:
    decoded = []
    for row in rows:
        dimensions = dict(zip(DIMENSIONS, row[: len(DIMENSIONS)], strict=True))
        values = dict(zip(COLUMNS, row[len(DIMENSIONS) :], strict=True))
        values = {
            name: Decimal(value) if name.endswith("_sales") else value
            for name, value in values.items()
        }
        decoded.append(DailyFigures(day=day, **dimensions, **values))
    return decoded


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _encode_whole(whole: WholeMember) -> dict:
    migration = whole.tier_migration
    return {
        "members_total": list(whole.members_total),
        "active": list(whole.activity.active),
        "repurchase": [_rate(rate) for rate in whole.activity.repurchase],
        "tier_distribution": [
            [count.tier.pk if count.tier else None, count.members]
            for count in whole.tier_distribution
        ],
        "tier_migration": {
            "ups": migration.ups,
            "downs": migration.downs,
            "moves": [
                [source.pk if source else None, target.pk, members]
                for source, target, members in migration.moves
            ],
        },
        "referral_conversion": [
            whole.referral_conversion.referred,
            whole.referral_conversion.converted,
            whole.referral_conversion.previous_referred,
            whole.referral_conversion.previous_converted,
        ],
        "referral_channels": [
            [c.channel, c.visits, c.signed_up, c.converted] for c in whole.referral_channels
        ],
        "segments": [list(pair) for pair in whole.segments],
        "at_risk": whole.at_risk,
    }


def _decode_whole(data: dict, tiers: dict[int, Tier]) -> WholeMember:
    """Raises KeyError when a stored tier is gone (the figures are then not used)."""

    def tier(pk: int | None) -> Tier | None:
        return None if pk is None else tiers[pk]

    def rate(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    migration = data["tier_migration"]
    return WholeMember(
        members_total=(data["members_total"][0], data["members_total"][1]),
        activity=queries.MemberActivity(
            active=(data["active"][0], data["active"][1]),
            repurchase=(rate(data["repurchase"][0]), rate(data["repurchase"][1])),
        ),
        tier_distribution=[queries.TierCount(tier(pk), n) for pk, n in data["tier_distribution"]],
        tier_migration=queries.TierMigration(
            migration["ups"],
            migration["downs"],
            [(tier(source), tiers[target], n) for source, target, n in migration["moves"]],
        ),
        referral_conversion=queries.ReferralConversion(*data["referral_conversion"]),
        referral_channels=[queries.ChannelCount(*row) for row in data["referral_channels"]],
        segments=[(segment, n) for segment, n in data["segments"]],
        at_risk=data["at_risk"],
    )


def unfiltered(days: int, *, today: date) -> Filters:
    return Filters(Period.last_days(days, today=today))


def compute(*, now: datetime | None = None) -> StoredDashboard:
    """Compute the unfiltered dashboard's whole-member figures for every period and today's
    rollup rows as of one moment, and store them (replacing the previous ones). Returns the
    stored row."""
    started = clock.perf_counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # (inside a caller's transaction, the caller's snapshot rules)
            with connection.cursor() as cursor:
                # One snapshot of the data for every statement: the figures agree.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        now = now or timezone.now()
        today = timezone.localdate(now)
        rows = live_figures(today, now=now)
        memo: dict = {}
        periods = {}
        for days in PERIOD_CHOICES:
            whole = whole_member_figures(
                unfiltered(days, today=today),
                at_risk=lambda filters: queries.at_risk_members(filters, as_of=now),
                memo=memo,
            )
            periods[str(days)] = _encode_whole(whole)
    figures = {"version": VERSION, "live": _encode_live(rows), "periods": periods}
    seconds = clock.perf_counter() - started
    with transaction.atomic():
        StoredDashboard.objects.all().delete()
        return StoredDashboard.objects.create(
            day=today, as_of=now, seconds=seconds, figures=figures
        )


def for_filters(filters: Filters, *, today: date) -> Stored | None:
    """The stored figures for ``filters`` when they are kept (no dimension filter, one of the
    offered periods ending today, computed today), else None."""
    period = filters.period
    if filters.country or filters.tier is not None or filters.customer_type:
        return None
    if period.last != today or period.days not in PERIOD_CHOICES:
        return None
    row = StoredDashboard.objects.filter(day=today).order_by("-as_of").first()
    if row is None or row.figures.get("version") != VERSION:
        return None
    data = row.figures["periods"].get(str(period.days))
    if data is None:
        return None
    try:
        whole = _decode_whole(data, Tier.objects.in_bulk())
    except KeyError:  # a tier deleted since: compute in the request
        return None
    return Stored(row, whole, _decode_live(row.figures["live"], today))


def mark_wanted() -> None:
    """Someone opened the dashboard: keep the stored figures fresh for a while."""
    cache.set(WANTED_KEY, True, WANTED_SECONDS)


def refresh(*, force: bool = False) -> bool:
    """The beat task: compute and store the figures if anyone opened the dashboard lately, the
    stored ones are not today's, or ``force`` (staff asked); one refresh at a time. Returns
    whether it computed."""
    today = timezone.localdate()
    current = StoredDashboard.objects.filter(day=today).exists()
    if not (force or cache.get(WANTED_KEY) or not current):
        return False
    if not cache.add(LOCK_KEY, True, LOCK_SECONDS):
        return False  # another refresh is under way
    try:
        compute()
    finally:
        cache.delete(LOCK_KEY)
    return True
