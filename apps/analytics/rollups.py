"""Computing a day's figures from the ledger, orders, members and tiers, and closing days.

``live_figures(day)`` computes one day's ``DailyFigures`` rows (unsaved) with a few set-based
statements whatever the size of the ledger: today's figures are shown this way, and closing a
day stores them. ``close_day`` stores a finished day once (a re-run changes nothing);
``rebuild_days`` replaces the stored rows of a range (after a correction of the data the
figures come from).

How each figure is read from the ledger (``apps/ledger/models.py``):

- earned: entries of kind ``earn`` (orders, rules, bonuses, referrals); *pending* when their lot
  became available after the moment of the entry (the return window), else *available*;
- released: lots whose ``available_at`` falls in the day, earned pending before it, counted
  with what was left of them at that moment (a release is a flag on the lot, not an entry;
  the figure goes by ``available_at``, so it does not depend on when the release job ran);
- spent on rewards: ``spend`` entries whose source is a reward redemption
  (``redemption:<id>``); spent at checkout: every other ``spend`` (points redeemed on an order,
  ``order:<id>``, or through the API);
- clawed back: ``clawback`` entries (refunds); expired: ``expire`` entries, and lots already
  past their expiry that the expiry job has not reached yet (it dates its entry at the lot's
  expiry, so the figure is the same before and after it runs);
- adjusted up / down: ``adjust`` entries by sign (staff corrections, closed accounts);
- returned: ``restore`` entries (points given back for a cancelled order or a rejected
  reward).

So for every row: closing = opening + earned (pending + available) + adjusted up + returned
- spent (checkout + rewards) - clawed back - expired - adjusted down, where the opening is the
same members' balance at the start of the day (``opening_balance``).

Dimensions are the member's at the day's end: the tier from the tier changes
(``TierChange``, the last one before the day's end; the tier's id as text), the country,
customer type and preferred currency as stored (the member's profile keeps no history: a day is
closed minutes after its end, so these are the values of the day's end; a rebuild of an old day
uses today's). Orders count on the day they are paid, in the order's currency (a member who
pays in another currency than their preferred one has their sales in that currency's row), at
their total as placed (refunds show as clawed-back points). Guests' orders carry the order's
shipping country, an empty tier and customer type.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.batch_jobs import Batch
from apps.core.errors import ApplicationError
from apps.ledger.models import EntryKind, LedgerEntry, LotMovement, PointsAccount, PointsLot
from apps.members.models import Member
from apps.orders.models import Order
from apps.tiers.models import TierChange, TierStatus

from .models import ActiveMembers, DailyFigures, ReportingDay


class DayNotFinished(ApplicationError):
    code = "day_not_finished"
    default_message = _("This day has not ended yet: only finished days can be closed.")


# The movement figures, in DailyFigures' field order: how each changes the balance (+1 or -1).
MOVEMENTS = {
    "points_earned_pending": 1,
    "points_earned_available": 1,
    "points_spent_checkout": -1,
    "points_spent_rewards": -1,
    "points_clawed_back": -1,
    "points_expired": -1,
    "points_adjusted_up": 1,
    "points_adjusted_down": -1,
    "points_returned": 1,
}
DIMENSIONS = ("currency", "country", "tier", "customer_type")
FIGURES = (
    "members_joined",
    "active_members",
    "member_orders",
    "member_sales",
    "guest_orders",
    "guest_sales",
    *MOVEMENTS.keys(),
    "points_released",
    "closing_available",
    "closing_pending",
)


def net_movement(figures) -> int:
    """The change of the balance a row's movements make (closing - opening)."""
    return sum(sign * getattr(figures, name) for name, sign in MOVEMENTS.items())


def opening_balance(figures) -> int:
    """The balance of a row's members at the start of the day."""
    return figures.closing_available + figures.closing_pending - net_movement(figures)


@dataclass(frozen=True)
class Bounds:
    start: datetime
    end: datetime  # exclusive: the next day's start
    cutoff: datetime  # the end, or now for a day under way


def day_bounds(day: date, *, now: datetime | None = None) -> Bounds:
    """The day's start and end in the programme's time zone; ``cutoff`` is the end, or ``now``
    while the day is under way."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    now = now or timezone.now()
    return Bounds(start=start, end=end, cutoff=min(end, now))


ENTRY = LedgerEntry._meta.db_table
LOT = PointsLot._meta.db_table
MOVEMENT = LotMovement._meta.db_table
ACCOUNT = PointsAccount._meta.db_table
MEMBER = Member._meta.db_table
ORDER = Order._meta.db_table
TIER_CHANGE = TierChange._meta.db_table
TIER_STATUS = TierStatus._meta.db_table

# Per member: the day's movements, closing balances and activity; then per dimensions. All
# "at the day's end" means at %(cutoff)s (the end, or now for today). Balances at the cutoff are
# the account's balances now less what changed since (entries after the cutoff, and expiries
# before it that the expiry job has not written yet); pending at the cutoff is what is left of
# the lots earned before it and available after it.
FIGURES_SQL = f"""
WITH day_entries AS (
    SELECT e.account_id,
        sum(e.points) FILTER (WHERE e.kind = '{EntryKind.EARN}'
                                AND lot.available_at > e.created_at) AS earned_pending,
        sum(e.points) FILTER (WHERE e.kind = '{EntryKind.EARN}'
                                AND lot.available_at <= e.created_at) AS earned_available,
        -sum(e.points) FILTER (WHERE e.kind = '{EntryKind.SPEND}'
                                 AND e.source NOT LIKE 'redemption:%%') AS spent_checkout,
        -sum(e.points) FILTER (WHERE e.kind = '{EntryKind.SPEND}'
                                 AND e.source LIKE 'redemption:%%') AS spent_rewards,
        -sum(e.points) FILTER (WHERE e.kind = '{EntryKind.CLAWBACK}') AS clawed_back,
        -sum(e.points) FILTER (WHERE e.kind = '{EntryKind.EXPIRE}') AS expired,
        -- Opening balances imported from another programme count as adjustments up.
        sum(e.points) FILTER (WHERE e.kind IN ('{EntryKind.ADJUST}', '{EntryKind.IMPORT}')
                                AND e.points > 0) AS adjusted_up,
        -sum(e.points) FILTER (WHERE e.kind = '{EntryKind.ADJUST}'
                                 AND e.points < 0) AS adjusted_down,
        sum(e.points) FILTER (WHERE e.kind = '{EntryKind.RESTORE}') AS returned,
        bool_or(e.kind IN ('{EntryKind.EARN}', '{EntryKind.SPEND}')) AS active
    FROM {ENTRY} AS e
    LEFT JOIN {LOT} AS lot ON lot.entry_id = e.id AND e.kind = '{EntryKind.EARN}'
    WHERE e.created_at >= %(start)s AND e.created_at < %(cutoff)s
    GROUP BY e.account_id
), later_entries AS (
    SELECT e.account_id, sum(e.points) AS points FROM {ENTRY} AS e
    WHERE e.created_at >= %(cutoff)s GROUP BY e.account_id
), unwritten_expiry AS (
    SELECT lot.account_id,
        sum(lot.remaining) FILTER (WHERE lot.expires_at >= %(start)s) AS in_day,
        sum(lot.remaining) AS before_cutoff
    FROM {LOT} AS lot
    WHERE lot.remaining > 0 AND lot.expired_by_id IS NULL AND lot.expires_at < %(cutoff)s
      AND lot.available_at < %(cutoff)s  -- released by then: the job expires it at release
    GROUP BY lot.account_id
), pending_lots AS (
    -- Lots earned pending and still pending at some moment of the day or after it.
    SELECT lot.id, lot.account_id, lot.points, lot.available_at
    FROM {LOT} AS lot JOIN {ENTRY} AS e ON e.id = lot.entry_id
    WHERE lot.available_at >= %(start)s AND e.created_at < lot.available_at
      AND e.created_at < %(cutoff)s
), lot_balances AS (
    -- What was left of each at its release (or, still pending, at the cutoff).
    SELECT p.account_id, p.available_at,
        p.points + coalesce((
            SELECT sum(mv.points) FROM {MOVEMENT} AS mv JOIN {ENTRY} AS me ON me.id = mv.entry_id
            WHERE mv.lot_id = p.id AND me.created_at < least(p.available_at, %(cutoff)s)
        ), 0) AS points
    FROM pending_lots AS p
), lot_figures AS (
    SELECT account_id,
        sum(points) FILTER (WHERE available_at < %(cutoff)s) AS released,
        sum(points) FILTER (WHERE available_at >= %(cutoff)s) AS pending
    FROM lot_balances GROUP BY account_id
), tier_at_end AS (
    SELECT DISTINCT ON (tc.member_id) tc.member_id, tc.to_tier_id AS tier_id
    FROM {TIER_CHANGE} AS tc WHERE tc.created_at < %(cutoff)s
    ORDER BY tc.member_id, tc.created_at DESC, tc.id DESC
), paid_orders AS (
    SELECT o.member_id, o.currency, o.ship_to_country, count(*) AS orders,
           sum(o.total_amount) AS sales
    FROM {ORDER} AS o
    WHERE o.paid_at >= %(start)s AND o.paid_at < %(cutoff)s
    GROUP BY o.member_id, o.currency, o.ship_to_country
), members AS (
    SELECT m.id, m.preferred_currency AS currency, coalesce(m.country, '') AS country,
        coalesce(coalesce(tier_at_end.tier_id, ts.tier_id)::text, '') AS tier,
        m.customer_type,
        (m.created_at >= %(start)s)::int AS joined,
        coalesce(d.earned_pending, 0) AS earned_pending,
        coalesce(d.earned_available, 0) AS earned_available,
        coalesce(d.spent_checkout, 0) AS spent_checkout,
        coalesce(d.spent_rewards, 0) AS spent_rewards,
        coalesce(d.clawed_back, 0) AS clawed_back,
        coalesce(d.expired, 0) + coalesce(x.in_day, 0) AS expired,
        coalesce(d.adjusted_up, 0) AS adjusted_up,
        coalesce(d.adjusted_down, 0) AS adjusted_down,
        coalesce(d.returned, 0) AS returned,
        coalesce(f.released, 0) AS released,
        coalesce(a.available + a.pending, 0) - coalesce(later.points, 0)
            - coalesce(x.before_cutoff, 0) AS closing,
        coalesce(f.pending, 0) AS closing_pending,
        (coalesce(d.active, false)
         OR EXISTS (SELECT 1 FROM paid_orders AS po WHERE po.member_id = m.id))::int AS active
    FROM {MEMBER} AS m
    LEFT JOIN {ACCOUNT} AS a ON a.member_id = m.id
    LEFT JOIN day_entries AS d ON d.account_id = a.id
    LEFT JOIN later_entries AS later ON later.account_id = a.id
    LEFT JOIN unwritten_expiry AS x ON x.account_id = a.id
    LEFT JOIN lot_figures AS f ON f.account_id = a.id
    LEFT JOIN tier_at_end ON tier_at_end.member_id = m.id
    LEFT JOIN {TIER_STATUS} AS ts ON ts.member_id = m.id AND ts.since < %(cutoff)s
    WHERE m.created_at < %(cutoff)s
), member_rows AS (
    SELECT currency, country, tier, customer_type,
        sum(joined) AS members_joined, sum(active) AS active_members,
        0 AS member_orders, 0 AS member_sales, 0 AS guest_orders, 0 AS guest_sales,
        sum(earned_pending) AS earned_pending, sum(earned_available) AS earned_available,
        sum(spent_checkout) AS spent_checkout, sum(spent_rewards) AS spent_rewards,
        sum(clawed_back) AS clawed_back, sum(expired) AS expired,
        sum(adjusted_up) AS adjusted_up, sum(adjusted_down) AS adjusted_down,
        sum(returned) AS returned, sum(released) AS released,
        sum(closing - closing_pending) AS closing_available,
        sum(closing_pending) AS closing_pending
    FROM members
    WHERE joined + active > 0 OR closing <> 0 OR expired + spent_checkout + spent_rewards
          + clawed_back + adjusted_up + adjusted_down + returned + released > 0
    GROUP BY currency, country, tier, customer_type
), order_rows AS (
    SELECT po.currency,
        -- A guest's order, or a member's paid before they joined (not among the members at
        -- the day's end): the shipping country.
        coalesce(m.country, po.ship_to_country) AS country,
        coalesce(m.tier, '') AS tier, coalesce(m.customer_type, '') AS customer_type,
        0 AS members_joined, 0 AS active_members,
        sum(po.orders) FILTER (WHERE po.member_id IS NOT NULL) AS member_orders,
        sum(po.sales) FILTER (WHERE po.member_id IS NOT NULL) AS member_sales,
        sum(po.orders) FILTER (WHERE po.member_id IS NULL) AS guest_orders,
        sum(po.sales) FILTER (WHERE po.member_id IS NULL) AS guest_sales,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM paid_orders AS po LEFT JOIN members AS m ON m.id = po.member_id
    GROUP BY 1, 2, 3, 4
)
SELECT currency, country, tier, customer_type,
    sum(members_joined), sum(active_members),
    coalesce(sum(member_orders), 0), coalesce(sum(member_sales), 0),
    coalesce(sum(guest_orders), 0), coalesce(sum(guest_sales), 0),
    sum(earned_pending), sum(earned_available), sum(spent_checkout), sum(spent_rewards),
    sum(clawed_back), sum(expired), sum(adjusted_up), sum(adjusted_down), sum(returned),
    sum(released), sum(closing_available), sum(closing_pending)
FROM (SELECT * FROM member_rows UNION ALL SELECT * FROM order_rows) AS all_rows
GROUP BY currency, country, tier, customer_type
ORDER BY currency, country, tier, customer_type
"""  # noqa: S608 - table names and kinds from the models, values as parameters
# The members active from %(start)s to %(cutoff)s: earned or spent points, or paid an order
# (FIGURES_SQL's ``active``; ``tests/analytics/test_active_members.py`` checks they agree).
ACTIVE_SQL = f"""
SELECT a.member_id FROM {ENTRY} AS e JOIN {ACCOUNT} AS a ON a.id = e.account_id
WHERE e.kind IN ('{EntryKind.EARN}', '{EntryKind.SPEND}')
  AND e.created_at >= %(start)s AND e.created_at < %(cutoff)s
UNION
SELECT o.member_id FROM {ORDER} AS o
WHERE o.member_id IS NOT NULL AND o.paid_at >= %(start)s AND o.paid_at < %(cutoff)s
"""  # noqa: S608 - table names and kinds from the models, values as parameters
# The day's active members as a bit string: bit n (from the left, from 0) for member id n, as
# long as the highest id among them + 1. Built from the ids in order, each a run of zeros since
# the previous one and a one: its cost is the number of active members, not of all members.
BITMAP_OF_IDS = (
    "coalesce(string_agg(repeat('0', (member_id - coalesce(previous, -1) - 1)::int) || '1', ''"
    " ORDER BY member_id), '')::varbit"
)


def bitmap_sql(ids: str) -> str:
    """The bit string of the member ids ``ids`` selects (a ``member_id`` column)."""
    return f"""
WITH chosen AS ({ids})
SELECT {BITMAP_OF_IDS}
FROM (SELECT member_id, lag(member_id) OVER (ORDER BY member_id) AS previous FROM chosen) AS ids
"""  # noqa: S608


# Members who paid at least %(orders)s orders from %(start)s to %(cutoff)s (orders count when
# paid, as in the rollups).
BUYERS_SQL = f"""
SELECT o.member_id FROM {ORDER} AS o
WHERE o.member_id IS NOT NULL AND o.paid_at >= %(start)s AND o.paid_at < %(cutoff)s
GROUP BY o.member_id HAVING count(*) >= %(orders)s
"""  # noqa: S608

# The columns FIGURES_SQL returns after the dimensions, in its order.
COLUMNS = (
    "members_joined",
    "active_members",
    "member_orders",
    "member_sales",
    "guest_orders",
    "guest_sales",
    "points_earned_pending",
    "points_earned_available",
    "points_spent_checkout",
    "points_spent_rewards",
    "points_clawed_back",
    "points_expired",
    "points_adjusted_up",
    "points_adjusted_down",
    "points_returned",
    "points_released",
    "closing_available",
    "closing_pending",
)


def live_figures(day: date, *, now: datetime | None = None) -> list[DailyFigures]:
    """The day's figures computed from the ledger, orders, members and tiers (unsaved rows, one
    per dimensions with anything to show), as of the day's end or, for today, as of now."""
    bounds = day_bounds(day, now=now)
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compilation of this wide statement costs about a second and saves nothing.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(FIGURES_SQL, {"start": bounds.start, "cutoff": bounds.cutoff})
        rows = cursor.fetchall()
    figures = []
    for row in rows:
        dimensions = dict(zip(DIMENSIONS, row[:4], strict=True))
        values = dict(zip(COLUMNS, row[4:], strict=True))
        values = {
            name: value if name.endswith("_sales") else int(value) for name, value in values.items()
        }
        figures.append(DailyFigures(day=day, **dimensions, **values))
    return figures


def is_finished(day: date, *, now: datetime | None = None) -> bool:
    return day_bounds(day, now=now).end <= (now or timezone.now())


def close_day(day: date, *, now: datetime | None = None) -> ReportingDay:
    """Store the figures of a finished day, once: a closed day is returned as it is (a re-run
    changes nothing; ``rebuild_days`` replaces a closed day on purpose). Raises
    ``DayNotFinished`` for today or a later day."""
    now = now or timezone.now()
    if not is_finished(day, now=now):
        raise DayNotFinished()
    with transaction.atomic():
        # The day's row, locked (or created) first: a concurrent close of the same day waits
        # here, then finds it closed.
        closed = ReportingDay.objects.select_for_update().filter(day=day).first()
        if closed is not None:
            return closed
        return _store(day, now=now)


def rebuild_days(first: date, last: date, *, now: datetime | None = None) -> list[ReportingDay]:
    """Compute again and replace the stored figures of every finished day from ``first`` to
    ``last``, each day in one transaction (its old rows give way to the new ones at once).
    Raises ``DayNotFinished`` if ``last`` has not ended."""
    now = now or timezone.now()
    if not is_finished(last, now=now):
        raise DayNotFinished()
    rebuilt = []
    day = first
    while day <= last:
        with transaction.atomic():
            ReportingDay.objects.select_for_update().filter(day=day).first()
            DailyFigures.objects.filter(day=day).delete()
            ReportingDay.objects.filter(day=day).delete()
            rebuilt.append(_store(day, now=now))
        day += timedelta(days=1)
    return rebuilt


def _store(day: date, *, now: datetime) -> ReportingDay:
    figures = live_figures(day, now=now)
    DailyFigures.objects.bulk_create(figures)
    bounds = day_bounds(day, now=now)
    entries = LedgerEntry.objects.filter(
        created_at__gte=bounds.start, created_at__lt=bounds.end
    ).count()
    closed = ReportingDay.objects.create(day=day, closed_at=now, ledger_entries=entries)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ActiveMembers._meta.db_table} (day_id, members, buyers, repeat_buyers)"
            f" SELECT %(day)s, ({bitmap_sql(ACTIVE_SQL)}),"
            f" ({bitmap_sql(BUYERS_SQL.replace('%(orders)s', '1'))}),"
            f" ({bitmap_sql(BUYERS_SQL.replace('%(orders)s', '2'))})",
            {"day": day, "start": bounds.start, "cutoff": bounds.cutoff},
        )
    return closed


def first_day() -> date | None:
    """The first day with anything to report: the first member's enrolment or paid order."""
    starts = [
        Member.objects.order_by("created_at").values_list("created_at", flat=True).first(),
        Order.objects.filter(paid_at__isnull=False)
        .order_by("paid_at")
        .values_list("paid_at", flat=True)
        .first(),
    ]
    known = [moment for moment in starts if moment is not None]
    if not known:
        return None
    return timezone.localtime(min(known), ZoneInfo(settings.TIME_ZONE)).date()


def next_day_to_close() -> date | None:
    """The day after the last closed one (the first day with data if none is closed)."""
    last = ReportingDay.objects.order_by("-day").values_list("day", flat=True).first()
    return last + timedelta(days=1) if last is not None else first_day()


def close_days_batch(*, as_of: datetime, after: int) -> Batch:
    """One batch of the nightly job (``batch_jobs``): close the next finished day after the day
    numbered ``after`` (a date's ordinal; 0: the day after the last closed one). One day per
    batch: its own transaction, a few seconds at most."""
    day = date.fromordinal(after + 1) if after else next_day_to_close()
    if day is None or not is_finished(day, now=as_of):
        return Batch(changed=0, last=None)
    close_day(day, now=as_of)
    return Batch(changed=1, last=day.toordinal())
