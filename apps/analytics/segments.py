"""RFM segments: every member scored on recency, frequency and monetary value, and named.

The scores are quintiles 1-5 among the members (accounts not closed) with a paid order in the 12
months before ``as_of`` (the orders tier qualification counts: ``tiers.services``):

- **recency**: days since their latest paid order (fewer is better);
- **frequency**: how many paid orders;
- **monetary**: what they kept of those orders' merchandise in the base currency, at each
  order's captured rate (``orders.amounts.KEPT_MERCHANDISE_IN_BASE_SQL``).

A score is ``1 + floor(5 x (members strictly worse) / buyers)``: ``RANK()`` rather than
``NTILE()``, because NTILE cuts a run of equal values (the many one-order buyers) into different
quintiles by chance; equal values share the lower score here. With no ties it is NTILE's cut.

The segment is read from ``GRID`` by recency and the rounded mean of frequency and monetary
(docs/segments.md draws it). Before the grid: a member "at risk" by the programme's rule
(``ledger.selectors.at_risk_accounts``: high balance, no activity for its days) is ``at_risk``;
a member without a paid order in the window is ``new`` if they joined in the last
``NEW_MEMBER_DAYS`` days, else ``lost``; a closed account has no segment.

Everything is one statement computed by Postgres (window functions, one ``UPDATE ... FROM``
in ``members.services.record_rfm_scores``), so 100,000 members take seconds, not a loop.
"""

from datetime import datetime, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from apps.ledger.selectors import at_risk_accounts
from apps.members.models import Member, RfmSegment
from apps.members.services import record_rfm_scores
from apps.orders.amounts import KEPT_MERCHANDISE_IN_BASE_SQL
from apps.orders.models import Order
from apps.tiers.services import QUALIFYING_STATUSES, WINDOW

NEW_MEMBER_DAYS = 90

S = RfmSegment
# Recency score -> the segment for each frequency-and-monetary score 1..5.
GRID: dict[int, tuple[RfmSegment, RfmSegment, RfmSegment, RfmSegment, RfmSegment]] = {
    5: (S.NEW, S.PROMISING, S.PROMISING, S.CHAMPIONS, S.CHAMPIONS),
    4: (S.PROMISING, S.PROMISING, S.PROMISING, S.LOYAL, S.LOYAL),
    3: (S.NEEDS_ATTENTION, S.NEEDS_ATTENTION, S.NEEDS_ATTENTION, S.LOYAL, S.LOYAL),
    2: (S.HIBERNATING, S.HIBERNATING, S.AT_RISK, S.AT_RISK, S.AT_RISK),
    1: (S.LOST, S.LOST, S.AT_RISK, S.AT_RISK, S.AT_RISK),
}


def frequency_monetary(frequency: int, monetary: int) -> int:
    """The grid's column: the mean of the two scores, a half rounded up."""
    return (frequency + monetary + 1) // 2


def segment_for(*, recency: int, frequency: int, monetary: int) -> RfmSegment:
    return GRID[recency][frequency_monetary(frequency, monetary) - 1]


def _grid_values() -> str:
    """Every (recency, frequency, monetary) with its segment, as SQL ``VALUES`` rows: the grid
    is written once, here in Python, and the statement joins it."""
    scores = range(1, 6)
    return ", ".join(
        f"({r}, {f}, {m}, '{segment_for(recency=r, frequency=f, monetary=m).value}')"
        for r in scores
        for f in scores
        for m in scores
    )


def _quintile(order: str) -> str:
    return f"1 + (5 * (RANK() OVER (ORDER BY {order}) - 1)) / COUNT(*) OVER ()"


def scores_query(*, as_of: datetime) -> tuple[str, list]:
    """SQL (and its parameters) giving every member's ``member_id, recency, frequency,
    monetary, segment`` at ``as_of``."""
    at_risk_sql, at_risk_parameters = (
        at_risk_accounts(as_of=as_of).order_by().values("member_id").query.sql_with_params()
    )
    members, orders = Member._meta.db_table, Order._meta.db_table
    sql = f"""
    WITH buyers AS (
        SELECT o.member_id,
               FLOOR(EXTRACT(EPOCH FROM (%s - MAX(o.paid_at))) / 86400) AS days_since,
               COUNT(*) AS orders,
               COALESCE(SUM({KEPT_MERCHANDISE_IN_BASE_SQL}), 0) AS spend
        FROM {orders} AS o JOIN {members} AS m ON m.id = o.member_id
        WHERE m.closed_at IS NULL
          AND o.status = ANY(%s) AND o.paid_at > %s AND o.paid_at <= %s
        GROUP BY o.member_id
    ), scored AS (
        SELECT member_id,
               {_quintile("days_since DESC")} AS recency,
               {_quintile("orders")} AS frequency,
               {_quintile("spend")} AS monetary
        FROM buyers
    ), at_risk AS ({at_risk_sql}),
    grid (recency, frequency, monetary, segment) AS (VALUES {_grid_values()})
    SELECT m.id AS member_id, s.recency, s.frequency, s.monetary,
           CASE WHEN m.closed_at IS NOT NULL THEN ''
                WHEN m.id IN (SELECT member_id FROM at_risk) THEN '{S.AT_RISK.value}'
                WHEN s.member_id IS NULL AND m.created_at > %s THEN '{S.NEW.value}'
                WHEN s.member_id IS NULL THEN '{S.LOST.value}'
                ELSE grid.segment END AS segment
    FROM {members} AS m
    LEFT JOIN scored AS s ON s.member_id = m.id
    LEFT JOIN grid USING (recency, frequency, monetary)
    """  # noqa: S608 (table names and the grid are ours; values are parameters)
    parameters = [
        as_of,
        list(QUALIFYING_STATUSES),
        as_of - WINDOW,
        as_of,
        *at_risk_parameters,
        as_of - timedelta(days=NEW_MEMBER_DAYS),
    ]
    return sql, parameters


def score_members(*, as_of: datetime | None = None) -> int:
    """Score every member at ``as_of`` (default now) and record their segment. Idempotent: a
    second run at the same moment writes the same values. Returns the members scored."""
    as_of = as_of or timezone.now()
    sql, parameters = scores_query(as_of=as_of)
    return record_rfm_scores(scores_sql=sql, parameters=parameters, scored_at=as_of)


def members_by_segment(members: QuerySet[Member] | None = None) -> list[tuple[str, int]]:
    """How many of ``members`` (default: all open accounts) each segment holds, as last
    scored: every segment in its order, then those not scored yet (``""``) if any. One
    query."""
    members = Member.objects.filter(closed_at__isnull=True) if members is None else members
    counts = dict(
        members.order_by()
        .values_list("rfm_segment")
        .annotate(members=Count("pk"))
        .values_list("rfm_segment", "members")
    )
    rows = [(segment.value, counts.get(segment.value, 0)) for segment in RfmSegment]
    return rows + ([("", counts[""])] if counts.get("") else [])
