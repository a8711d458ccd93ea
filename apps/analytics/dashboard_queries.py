"""The dashboard's figures that cannot be summed from daily rollup rows, each one targeted query
on indexed columns: members counted once over a period (active, repurchasing), the tier each
member held at a moment, tier changes, referrals, rewards, members at risk.

The dimension filters apply to the member as they are now (country, customer type) and to the
tier they hold now; the rollups' sums use each day's dimensions instead.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.ledger.selectors import at_risk_accounts
from apps.members.models import Member, Referral, ReferralStatus
from apps.orders.models import Order
from apps.rewards.models import Redemption, RedemptionStatus, Reward
from apps.tiers.models import Tier, TierChange

from .models import ActiveMembers
from .rollups import ACTIVE_SQL

TOP_REWARDS = 5


def _members(filters, prefix: str = "") -> Q:
    """Members (through ``prefix``) matching the dashboard's dimension filters."""
    wanted = Q()
    if filters.country:
        wanted &= Q(**{f"{prefix}country": filters.country})
    if filters.customer_type:
        wanted &= Q(**{f"{prefix}customer_type": filters.customer_type})
    if filters.tier is not None:
        wanted &= Q(**{f"{prefix}tier_status__tier": filters.tier})
    return wanted


def members_total(filters, *, at: datetime) -> int:
    """Members enrolled before ``at`` whose membership was not closed by then."""
    return (
        Member.objects.filter(_members(filters), created_at__lt=at)
        .exclude(closed_at__lt=at)
        .count()
    )


def _open_ranges(period, stored: set) -> list[tuple[datetime, datetime]]:
    """The period's days without stored active members (today, days not closed yet), as
    ranges of consecutive days (start, end)."""
    ranges: list[tuple[datetime, datetime]] = []
    for day in period.each_day():
        if day in stored:
            continue
        start, end = (
            timezone.make_aware(datetime.combine(one, time.min))
            for one in (day, day + timedelta(days=1))
        )
        if ranges and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def _active_in(filters, period) -> int:
    stored = set(
        ActiveMembers.objects.filter(day__gte=period.first, day__lte=period.last).values_list(
            "day", flat=True
        )
    )
    parameters: dict = {"first": period.first, "last": period.last}
    recent = []
    for n, (start, end) in enumerate(_open_ranges(period, stored)):
        recent.append(
            ACTIVE_SQL.replace("%(start)s", f"%(start{n})s").replace("%(cutoff)s", f"%(cutoff{n})s")
        )
        parameters |= {f"start{n}": start, f"cutoff{n}": end}
    members, member_parameters = (
        Member.objects.filter(_members(filters)).values("pk").query.sql_with_params()
    )
    # The ORM's SQL of the filtered members inside, with its values as positional parameters:
    # turned into named ones so the statement takes one kind.
    for n, value in enumerate(member_parameters):
        members = members.replace("%s", f"%(member{n})s", 1)
        parameters[f"member{n}"] = value
    bitmaps = ActiveMembers._meta.db_table
    counted = f"""
    WITH days AS (
        SELECT members FROM {bitmaps} WHERE day_id >= %(first)s AND day_id <= %(last)s
    ), stored AS (
        SELECT bit_or(members || repeat('0', width - length(members))::varbit) AS bits
        FROM days, (SELECT max(length(members)) AS width FROM days) AS widest
    )
    SELECT count(*) FROM ({members}) AS m(id), stored
    WHERE (m.id < length(stored.bits) AND get_bit(stored.bits, m.id::int) = 1)
    """  # noqa: S608 - the table's name and the ORM's SQL, values as parameters
    if recent:
        counted += f" OR m.id IN ({' UNION '.join(recent)})"
    with connection.cursor() as cursor:
        cursor.execute(counted, parameters)
        return cursor.fetchone()[0]


def active_members(filters, current, previous) -> tuple[int, int]:
    """Members who earned or spent points or paid an order at least once in each period,
    counted once (the rollups' daily "active" over a whole period). Closed days from their
    stored bitmaps (``ActiveMembers``, one row a day OR-ed together), the other days (today,
    days the closing job has not reached) from the ledger and orders; then the filtered
    members whose bit is set."""
    return _active_in(filters, current), _active_in(filters, previous)


def _repurchase_rate(filters, period) -> Decimal | None:
    buyers = (
        Order.objects.filter(
            _members(filters, "member__"),
            member__isnull=False,
            paid_at__gte=period.starts,
            paid_at__lt=period.ends,
        )
        .values("member")
        .annotate(orders=Count("pk"))
        .aggregate(buyers=Count("member"), repeat=Count("member", filter=Q(orders__gte=2)))
    )
    if not buyers["buyers"]:
        return None
    return (Decimal(buyers["repeat"]) * 100 / buyers["buyers"]).quantize(Decimal("0.1"))


def repurchase_rates(filters, current, previous) -> tuple[Decimal | None, Decimal | None]:
    """Per cent of the members who paid an order in the period who paid at least two in it
    (orders count when paid, as in the rollups)."""
    return _repurchase_rate(filters, current), _repurchase_rate(filters, previous)


@dataclass(frozen=True)
class TierCount:
    tier: Tier | None  # None: no tier yet
    members: int


def tier_distribution(filters, *, at: datetime) -> list[TierCount]:
    """Members (enrolled before ``at``) by the tier they held at ``at``: the last tier change
    before it (every tier a member enters is a ``TierChange``)."""
    members = Member.objects.filter(_members(filters), created_at__lt=at).exclude(closed_at__lt=at)
    last_changes = (
        TierChange.objects.filter(created_at__lt=at, member__in=members.values("pk"))
        .order_by("member_id", "-created_at", "-id")
        .distinct("member_id")
        .values("to_tier_id")
    )
    last_sql, parameters = last_changes.query.sql_with_params()
    with connection.cursor() as cursor:
        # Counted in the database: one row per tier, not one per member.
        cursor.execute(
            f"SELECT to_tier_id, count(*) FROM ({last_sql}) AS last GROUP BY to_tier_id",  # noqa: S608
            parameters,
        )
        held: dict[int, int] = dict(cursor.fetchall())
    tiers = Tier.objects.order_by("rank")
    counts = [TierCount(tier, held.get(tier.pk, 0)) for tier in tiers]
    without = members.count() - sum(held.values())
    return [TierCount(None, without), *counts] if without else counts


@dataclass(frozen=True)
class TierMigration:
    ups: int
    downs: int
    moves: list[tuple[Tier | None, Tier, int]]  # from, to, members


def tier_migration(filters, period) -> TierMigration:
    """Tier changes in the period: up (a higher rank, or a first tier) and down."""
    changes = (
        TierChange.objects.filter(
            _members(filters, "member__"),
            created_at__gte=period.starts,
            created_at__lt=period.ends,
        )
        .values("from_tier", "to_tier")
        .annotate(
            members=Count("pk"),
            up=Q(from_tier__isnull=True) | Q(to_tier__rank__gt=F("from_tier__rank")),
        )
    )
    tiers = Tier.objects.in_bulk()
    moves, ups, downs = [], 0, 0
    for row in changes:
        moves.append((tiers.get(row["from_tier"]), tiers[row["to_tier"]], row["members"]))
        if row["up"]:
            ups += row["members"]
        else:
            downs += row["members"]
    moves.sort(key=lambda move: -move[2])
    return TierMigration(ups, downs, moves)


@dataclass(frozen=True)
class ReferralConversion:
    referred: int  # referred buyers who signed up in the period
    converted: int  # of them, those whose first order was paid (both rewarded)
    previous_referred: int
    previous_converted: int


def referral_conversion(filters, current, previous) -> ReferralConversion:
    """Referrals by the filtered members made in each period and how many converted."""

    def counted(period) -> Q:
        return Q(created_at__gte=period.starts, created_at__lt=period.ends)

    totals = Referral.objects.filter(_members(filters, "referrer__")).aggregate(
        referred=Count("pk", filter=counted(current)),
        converted=Count("pk", filter=counted(current) & Q(status=ReferralStatus.REWARDED)),
        previous_referred=Count("pk", filter=counted(previous)),
        previous_converted=Count(
            "pk", filter=counted(previous) & Q(status=ReferralStatus.REWARDED)
        ),
    )
    return ReferralConversion(**totals)


@dataclass(frozen=True)
class RewardCount:
    name: str
    redemptions: int
    points: int


def top_rewards(filters, period) -> list[RewardCount]:
    """The most redeemed rewards of the period (rejected requests do not count)."""
    rows = (
        Redemption.objects.filter(
            _members(filters, "member__"),
            created_at__gte=period.starts,
            created_at__lt=period.ends,
        )
        .exclude(status=RedemptionStatus.REJECTED)
        .values("reward")
        .annotate(redemptions=Count("pk"), points=Sum("points"))
        .order_by("-redemptions", "-points", "reward")[:TOP_REWARDS]
    )
    rows = list(rows)
    names = Reward.objects.in_bulk([row["reward"] for row in rows])
    return [
        RewardCount(names[row["reward"]].name, row["redemptions"], row["points"]) for row in rows
    ]


def at_risk_members(filters, *, as_of: datetime) -> int:
    """Members "at risk" now (the ledger's rule, ``ledger.selectors.at_risk_accounts``)."""
    return at_risk_accounts(as_of=as_of).filter(_members(filters, "member__")).count()
