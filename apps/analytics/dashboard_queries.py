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

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from apps.core.replica import connection_for_reads
from apps.ledger.selectors import at_risk_accounts
from apps.members.models import Member, Referral, ReferralStatus, ShareChannel, ShareVisit
from apps.rewards.models import RETURNED_STATUSES, Redemption, Reward
from apps.tiers.models import Tier, TierChange

from . import segments
from .models import ActiveMembers
from .rollups import ACTIVE_SQL, BITMAP_OF_IDS, BUYERS_SQL

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


def _stored_days(*periods) -> dict:
    """Per period, the days with stored bitmaps (``ActiveMembers``), in one query."""
    first, last = min(p.first for p in periods), max(p.last for p in periods)
    stored = set(
        ActiveMembers.objects.filter(day__gte=first, day__lte=last).values_list("day", flat=True)
    )
    return {p: {day for day in stored if p.first <= day <= p.last} for p in periods}


def _recent(sql: str, ranges, prefix: str, parameters: dict) -> str:
    """``sql`` (with ``%(start)s`` and ``%(cutoff)s``) over each of ``ranges``, its values
    added to ``parameters`` under names starting with ``prefix``; a statement of no rows if
    there are no ranges."""
    parts = []
    for n, (start, end) in enumerate(ranges):
        parts.append(
            sql.replace("%(start)s", f"%({prefix}start{n})s").replace(
                "%(cutoff)s", f"%({prefix}cutoff{n})s"
            )
        )
        parameters |= {f"{prefix}start{n}": start, f"{prefix}cutoff{n}": end}
    return " UNION ALL ".join(parts) or NO_ORDERS


def _filtered_members_sql(filters, parameters: dict) -> str:
    """The filtered members' SQL (the ORM's), its values added to ``parameters`` as named
    ones so the statement takes one kind."""
    members, member_parameters = (
        Member.objects.filter(_members(filters)).values("pk").query.sql_with_params()
    )
    for n, value in enumerate(member_parameters):
        members = members.replace("%s", f"%(member{n})s", 1)
        parameters[f"member{n}"] = value
    return members


def _padded(column: str) -> str:
    """A bitmap padded with zeros to the width all of them are brought to (``widest.width``:
    bit operations need equal lengths), cut from ``widest.zeros``: casting a text of zeros
    for each day cost ten times more (at 100,000 members)."""
    return f"({column} || substring(widest.zeros from 1 for widest.width - length({column})))"


# No rows: the days without bitmaps when a period has none. The days' own rows are joined to
# the members (a hash join of any size), never an ``IN`` list that must fit in memory.
NO_ORDERS = "SELECT NULL::bigint AS member_id, 0 AS orders"
# A bitmap of ``member_id``s chosen by a ``WHERE`` on a ``recent`` CTE's rows.
RECENT_BITS = (
    "(SELECT {bits} FROM (SELECT member_id, lag(member_id) OVER (ORDER BY member_id)"
    " AS previous FROM {table} WHERE {where}) AS ids)"
)
# The buyers of the days without bitmaps with the orders each paid in them.
RECENT_BUYERS = BUYERS_SQL.replace("HAVING count(*) >= %(orders)s", "").replace(
    "SELECT o.member_id FROM", "SELECT o.member_id, count(*) AS orders FROM"
)


@dataclass(frozen=True)
class MemberActivity:
    """Members counted once over each period: active, and the repurchase rate (per cent of the
    members who paid an order who paid at least two), the period and the one before."""

    active: tuple[int, int]
    repurchase: tuple[Decimal | None, Decimal | None]


def member_activity(filters, current, previous) -> MemberActivity:
    """Active members (earned or spent points or paid an order at least once in the period,
    counted once: the rollups' daily "active" over a whole period) and the repurchase rate
    (orders count when paid, as in the rollups) in both periods, in one statement.

    Closed days come from their stored bitmaps (``ActiveMembers``: the active members, the
    buyers and the repeat buyers of each day, one bit per member id), OR-ed over the period;
    the other days (today, days the closing job has not reached) from the ledger and orders,
    turned into bitmaps too. A member paid twice in a period if they paid twice on one day, or
    on a day after an earlier day of the period with an order (a day's buyers AND the buyers of
    the days before: a running OR). Without dimension filters the set bits are counted
    (``bit_count``: a bit is only ever set for a member with a ledger entry or a paid order,
    which keep the member from being deleted); with filters, the filtered members' bits."""
    stored = _stored_days(current, previous)
    parameters: dict = {}
    table = ActiveMembers._meta.db_table
    ctes = []
    for prefix, period in (("c_", current), ("p_", previous)):
        parameters |= {f"{prefix}first": period.first, f"{prefix}last": period.last}
        ranges = _open_ranges(period, stored[period])
        active = _recent(ACTIVE_SQL, ranges, f"{prefix}a_", parameters)
        buyers = _recent(RECENT_BUYERS, ranges, f"{prefix}b_", parameters)
        ctes.append(f"""
    {prefix}days AS (
        SELECT day_id, members, buyers, repeat_buyers FROM {table}
        WHERE day_id >= %({prefix}first)s AND day_id <= %({prefix}last)s
    ), {prefix}recent_active AS (
        SELECT DISTINCT member_id FROM ({active}) AS r WHERE member_id IS NOT NULL
    ), {prefix}recent_buyers AS (
        SELECT member_id, sum(orders) AS orders FROM ({buyers}) AS r
        WHERE member_id IS NOT NULL GROUP BY member_id
    )""")  # noqa: S608 - names from the code, values as parameters
    widths = " UNION ALL ".join(
        f"SELECT max(greatest(length(members), length(buyers), length(repeat_buyers)))"  # noqa: S608
        f" FROM {prefix}days UNION ALL SELECT max(member_id) + 1 FROM {prefix}recent_{kind}"
        for prefix in ("c_", "p_")
        for kind in ("active", "buyers")
    )
    zeros = "widest.zeros"
    bitmaps = []
    for prefix in ("c_", "p_"):
        recent = {
            name: RECENT_BITS.format(
                bits=BITMAP_OF_IDS, table=f"{prefix}recent_{kind}", where=where
            )
            for name, kind, where in (
                ("active", "active", "true"),
                ("once", "buyers", "orders >= 1"),
                ("twice", "buyers", "orders >= 2"),
            )
        }
        bitmaps.append(f"""
    {prefix}folded AS (
        SELECT {_padded("members")} AS members, {_padded("buyers")} AS once,
            {_padded("repeat_buyers")} AS twice,
            bit_or({_padded("buyers")}) OVER (
                ORDER BY day_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
        FROM {prefix}days, widest
    ), {prefix}stored AS MATERIALIZED (
        SELECT bit_or(members) AS members, bit_or(once) AS once,
            bit_or(twice | (once & coalesce(before, once # once))) AS twice
        FROM {prefix}folded
    ), {prefix}recent_bits AS MATERIALIZED (
        SELECT {recent["active"]} AS active, {recent["once"]} AS once,
            {recent["twice"]} AS twice
    ), {prefix}recent AS MATERIALIZED (
        SELECT {_padded("active")} AS active, {_padded("once")} AS once,
            {_padded("twice")} AS twice
        FROM {prefix}recent_bits, widest
    ), {prefix}bits AS MATERIALIZED (
        SELECT coalesce(s.members, {zeros}) | r.active AS active,
            coalesce(s.once, {zeros}) | r.once AS once,
            coalesce(s.twice, {zeros}) | r.twice | (coalesce(s.once, {zeros}) & r.once) AS twice
        FROM widest, {prefix}recent AS r, {prefix}stored AS s
    )""")  # noqa: S608 - names from the code
    counts = ["c_bits.active", "p_bits.active", "c_bits.once", "c_bits.twice"]
    counts += ["p_bits.once", "p_bits.twice"]
    if _members(filters):
        # The filtered members as a bitmap too: the counts are then the bits of both.
        members = RECENT_BITS.format(
            bits=BITMAP_OF_IDS,
            table=f"({_filtered_members_sql(filters, parameters)}) AS m(member_id)",
            where="true",
        )
        counted = ", ".join(f"bit_count({bits} & chosen.bits)" for bits in counts)
        final = f"""
    , chosen_bits AS MATERIALIZED (SELECT {members} AS bits),
    chosen AS MATERIALIZED (SELECT {_padded("chosen_bits.bits")} AS bits FROM chosen_bits, widest)
    SELECT {counted} FROM c_bits, p_bits, chosen"""  # noqa: S608
    else:
        counted = ", ".join(f"bit_count({bits})" for bits in counts)
        final = f"SELECT {counted} FROM c_bits, p_bits"  # noqa: S608
    member = Member._meta.db_table
    statement = f"""
    WITH {",".join(ctes)},
    widest AS MATERIALIZED (
        SELECT width, repeat('0', width)::varbit AS zeros
        FROM (SELECT greatest(coalesce(max(width), 0),
                              (SELECT coalesce(max(id), 0) + 1 FROM {member}))::int AS width
              FROM ({widths}) AS w(width)) AS widest
    ),{",".join(bitmaps)}
    {final}
    """  # noqa: S608 - table names and the ORM's SQL, values as parameters
    with connection_for_reads().cursor() as cursor:
        cursor.execute(statement, parameters)
        active_now, active_before, *paid = (int(n or 0) for n in cursor.fetchone())

    def rate(once: int, twice: int) -> Decimal | None:
        return (Decimal(twice) * 100 / once).quantize(Decimal("0.1")) if once else None

    return MemberActivity(
        active=(active_now, active_before),
        repurchase=(rate(paid[0], paid[1]), rate(paid[2], paid[3])),
    )


def active_members(filters, current, previous) -> tuple[int, int]:
    """Members active at least once in each period (``member_activity``)."""
    return member_activity(filters, current, previous).active


def repurchase_rates(filters, current, previous) -> tuple[Decimal | None, Decimal | None]:
    """The repurchase rate in each period (``member_activity``)."""
    return member_activity(filters, current, previous).repurchase


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
    with connection_for_reads().cursor() as cursor:
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
class ChannelCount:
    channel: str
    visits: int  # visits through members' shared links in the period
    signed_up: int  # referred buyers who signed up through the channel in the period
    converted: int  # of them, those whose first order was paid (both rewarded)


def referrals_by_channel(filters, period) -> list[ChannelCount]:
    """Share to earn: per channel, the visits through the filtered members' links and the
    referrals they brought in the period (channels with none of either left out)."""
    visits = dict(
        ShareVisit.objects.filter(
            _members(filters, "referrer__"),
            day__gte=period.first,
            day__lte=period.last,
        )
        .values_list("channel")
        .annotate(total=Sum("visits"))
    )
    referrals: dict[str, dict] = {
        row["channel"]: dict(row)
        for row in Referral.objects.filter(
            _members(filters, "referrer__"),
            created_at__gte=period.starts,
            created_at__lt=period.ends,
        )
        .values("channel")
        .annotate(
            signed_up=Count("pk"),
            converted=Count("pk", filter=Q(status=ReferralStatus.REWARDED)),
        )
    }
    counts = []
    for channel in ShareChannel.values:
        row = referrals.get(channel, {})
        count = ChannelCount(
            channel, visits.get(channel) or 0, row.get("signed_up", 0), row.get("converted", 0)
        )
        if count.visits or count.signed_up:
            counts.append(count)
    return counts


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
