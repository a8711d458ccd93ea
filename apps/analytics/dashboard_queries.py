"""The dashboard's figures that cannot be summed from daily rollup rows, each one targeted query
on indexed columns: members counted once over a period (active, repurchasing), the tier each
member held at a moment, tier changes, referrals, rewards, members at risk.

The dimension filters apply to the member as they are now (country, customer type) and to the
tier they hold now; the rollups' sums use each day's dimensions instead. RFM segments are as
the nightly scoring last wrote them (``segments``).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.ledger.selectors import at_risk_accounts
from apps.members.models import Member, Referral, ReferralStatus
from apps.rewards.models import RETURNED_STATUSES, Redemption, Reward
from apps.tiers.models import Tier, TierChange

from . import segments
from .models import ActiveMembers
from .rollups import ACTIVE_SQL, BUYERS_SQL

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


def _prepared(filters, period, recent_sql: str) -> tuple[str, str, dict]:
    """What the counts over a period's stored bitmaps need: the filtered members' SQL, the SQL
    of ``recent_sql`` (with ``%(start)s`` and ``%(cutoff)s``) over the days without bitmaps
    (empty if none), and the parameters of both, all named."""
    stored = set(
        ActiveMembers.objects.filter(day__gte=period.first, day__lte=period.last).values_list(
            "day", flat=True
        )
    )
    parameters: dict = {"first": period.first, "last": period.last}
    recent = []
    for n, (start, end) in enumerate(_open_ranges(period, stored)):
        recent.append(
            recent_sql.replace("%(start)s", f"%(start{n})s").replace("%(cutoff)s", f"%(cutoff{n})s")
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
    return members, " UNION ALL ".join(recent), parameters


def _padded(column: str) -> str:
    """A day's bitmap padded with zeros to the period's widest (``widest.width``)."""
    return f"{column} || repeat('0', widest.width - length({column}))::varbit"


def _has_bit(bitmap: str) -> str:
    return f"coalesce(m.id < length({bitmap}) AND get_bit({bitmap}, m.id::int) = 1, false)"


# No rows: the days without bitmaps when a period has none. The days' own rows are joined to
# the members (a hash join of any size), never an ``IN`` list that must fit in memory.
NO_ORDERS = "SELECT NULL::bigint AS member_id, 0 AS orders"


def _active_in(filters, period) -> int:
    members, recent, parameters = _prepared(filters, period, ACTIVE_SQL)
    bitmaps = ActiveMembers._meta.db_table
    counted = f"""
    WITH days AS (
        SELECT members FROM {bitmaps} WHERE day_id >= %(first)s AND day_id <= %(last)s
    ), widest AS (SELECT max(length(members)) AS width FROM days),
    stored AS (SELECT bit_or({_padded("members")}) AS bits FROM days, widest),
    recent AS (SELECT DISTINCT member_id FROM ({recent or NO_ORDERS}) AS r)
    SELECT count(*)
    FROM ({members}) AS m(id) CROSS JOIN stored LEFT JOIN recent ON recent.member_id = m.id
    WHERE {_has_bit("stored.bits")} OR recent.member_id IS NOT NULL
    """  # noqa: S608 - the table's name and the ORM's SQL, values as parameters
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
    members, recent, parameters = _prepared(
        filters,
        period,
        BUYERS_SQL.replace("HAVING count(*) >= %(orders)s", "").replace(
            "SELECT o.member_id FROM", "SELECT o.member_id, count(*) AS orders FROM"
        ),
    )
    bitmaps = ActiveMembers._meta.db_table
    # Paid two orders in the period: two on one day (``repeat_buyers``), or one on a day after
    # an earlier day of the period with one (a day's buyers AND the buyers of the days before).
    counted = f"""
    WITH days AS (
        SELECT day_id, buyers, repeat_buyers FROM {bitmaps}
        WHERE day_id >= %(first)s AND day_id <= %(last)s
    ), widest AS (SELECT max(length(buyers)) AS width FROM days),
    padded AS (
        SELECT day_id, {_padded("buyers")} AS once, {_padded("repeat_buyers")} AS twice
        FROM days, widest
    ), folded AS (
        SELECT once, twice, bit_or(once) OVER (
            ORDER BY day_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
        FROM padded
    ), stored AS (
        SELECT bit_or(once) AS once, bit_or(twice | (once & coalesce(before, once # once)))
            AS twice
        FROM folded
    ), recent AS (
        SELECT member_id, sum(orders) AS orders FROM ({recent or NO_ORDERS}) AS r
        GROUP BY member_id
    )
    SELECT count(*) FILTER (WHERE {_has_bit("stored.once")} OR recent.orders >= 1),
        count(*) FILTER (WHERE {_has_bit("stored.twice")} OR recent.orders >= 2
                         OR ({_has_bit("stored.once")} AND recent.orders >= 1))
    FROM ({members}) AS m(id) CROSS JOIN stored LEFT JOIN recent ON recent.member_id = m.id
    """  # noqa: S608 - the table's name and the ORM's SQL, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(counted, parameters)
        buyers, repeat = cursor.fetchone()
    if not buyers:
        return None
    return (Decimal(repeat) * 100 / buyers).quantize(Decimal("0.1"))


def repurchase_rates(filters, current, previous) -> tuple[Decimal | None, Decimal | None]:
    """Per cent of the members who paid an order in the period who paid at least two in it
    (orders count when paid, as in the rollups). Closed days from their stored bitmaps of
    buyers and repeat buyers (``ActiveMembers``), the other days from the orders."""
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
        .exclude(status__in=RETURNED_STATUSES)  # rejected or voided: the points went back
        .values("reward")
        .annotate(redemptions=Count("pk"), points=Sum("points"))
        .order_by("-redemptions", "-points", "reward")[:TOP_REWARDS]
    )
    found = list(rows)
    names = Reward.objects.in_bulk([row["reward"] for row in found])
    return [
        RewardCount(names[row["reward"]].name, row["redemptions"], row["points"]) for row in found
    ]


def at_risk_members(filters, *, as_of: datetime) -> int:
    """Members "at risk" now (the ledger's rule, ``ledger.selectors.at_risk_accounts``)."""
    return at_risk_accounts(as_of=as_of).filter(_members(filters, "member__")).count()


def members_by_segment(filters) -> list[tuple[str, int]]:
    """Members (open accounts) by RFM segment as last scored (``segments``): one query."""
    return segments.members_by_segment(
        Member.objects.filter(_members(filters), closed_at__isnull=True)
    )
