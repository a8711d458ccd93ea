"""Reads of the ledger: balances, expiring points, liability, members "at risk", and an
integrity check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.conf import settings
from django.db import connection
from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from djmoney.money import Money

from apps.core.sql import execute_prepared
from apps.currencies.selectors import from_base
from apps.orders.amounts import KEPT_MERCHANDISE_IN_BASE_SQL
from apps.orders.models import Order, OrderStatus

from .holders import Holder, holder_of
from .models import (
    EntryKind,
    Experiment,
    ExperimentAssignment,
    ExperimentGroup,
    LedgerEntry,
    PointsAccount,
    PointsHold,
    PointsLot,
    Programme,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from apps.members.models import Member


class BalanceParameters(TypedDict):
    member: int
    as_of: datetime
    current: bool
    soon: datetime


class LastActivity(TypedDict):
    last_activity: datetime


# A points account as ``at_risk_accounts`` annotates it.
AtRiskAccount: TypeAlias = "WithAnnotations[PointsAccount, LastActivity]"


@dataclass(frozen=True)
class ExpiringPoints:
    points: int
    expires_at: datetime


@dataclass(frozen=True)
class Balance:
    available: int
    pending: int
    lifetime_earned: int
    expiring_soon: list[ExpiringPoints] = field(default_factory=list)

    @property
    def expiring_soon_total(self) -> int:
        return sum(item.points for item in self.expiring_soon)


# An account is held while its member, or its company, has a hold not lifted (``holds``).
_BALANCE_SQL = f"""
WITH account AS (
    SELECT id, lifetime_earned,
           EXISTS (SELECT 1 FROM {PointsHold._meta.db_table} AS hold
                   WHERE hold.{{owner}} = %(member)s AND hold.lifted_at IS NULL) AS held
    FROM {PointsAccount._meta.db_table} WHERE {{owner}} = %(member)s
), lots AS (
    -- A held member's pending lots stay pending until the hold is lifted (``holds``).
    SELECT lot.remaining, lot.expires_at,
           ((lot.available_at <= %(as_of)s AND (lot.released OR NOT account.held))
            OR (%(current)s AND lot.released)) AS usable
    FROM {PointsLot._meta.db_table} AS lot JOIN account ON lot.account_id = account.id
    WHERE lot.remaining > 0 AND (lot.expires_at IS NULL OR lot.expires_at > %(as_of)s)
), soon AS (
    SELECT expires_at, SUM(remaining) AS points FROM lots
    WHERE usable AND expires_at <= %(soon)s GROUP BY expires_at
)
SELECT account.lifetime_earned,
       (SELECT COALESCE(SUM(remaining) FILTER (WHERE usable), 0) FROM lots),
       (SELECT COALESCE(SUM(remaining) FILTER (WHERE NOT usable), 0) FROM lots),
       (SELECT array_agg(points ORDER BY expires_at) FROM soon),
       (SELECT array_agg(expires_at ORDER BY expires_at) FROM soon)
FROM account
"""  # noqa: S608 - table names from the models, values as parameters
# A member's own account; a company's (``%(member)s`` is then the company's id).
BALANCE_SQL = _BALANCE_SQL.format(owner="member_id")
COMPANY_BALANCE_SQL = _BALANCE_SQL.format(owner="company_id")


def balance(member: Member, *, as_of: datetime | None = None) -> Balance:
    """The points of the account ``member``'s points go to (``holders.holder_of``: their own,
    or their company's) as of ``as_of`` (default now), read from the lots: what is pending,
    available (not yet expired) and expiring within the programme's "soon" window. Without
    ``as_of``, lots the release job has released count as available.
    One query, summed in the database whatever the number of lots; writes nothing.
    """
    return holder_balance(holder_of(member), as_of=as_of)


def holder_balance(holder: Holder, *, as_of: datetime | None = None) -> Balance:
    """``balance`` of a given account holder (a member's own account or a company's)."""
    if holder.company_id is not None:
        name, sql, owner = "ledger_company_balance", COMPANY_BALANCE_SQL, holder.company_id
    elif holder.member_id is not None:
        name, sql, owner = "ledger_balance", BALANCE_SQL, holder.member_id
    else:  # a caller's mistake
        raise TypeError("a holder names a member or a company")
    with connection.cursor() as cursor:
        execute_prepared(cursor, name, sql, balance_parameters(owner, as_of=as_of))
        return balance_from_row(cursor.fetchone())


def balance_parameters(member_id: int, *, as_of: datetime | None) -> BalanceParameters:
    """``BALANCE_SQL``'s parameters (for queries that embed it)."""
    # A lot the release job has already released is available in a current read, even if the
    # job ran "as of" a later moment (operators and tests advance time that way).
    current = as_of is None
    as_of = as_of or timezone.now()
    soon = as_of + timedelta(days=Programme.current().expiring_soon_days)
    return {"member": member_id, "as_of": as_of, "current": current, "soon": soon}


def balance_from_row(row: Sequence[Any] | None) -> Balance:
    """A ``Balance`` from ``BALANCE_SQL``'s columns (None or NULLs: no account yet)."""
    if row is None or row[0] is None:
        return Balance(available=0, pending=0, lifetime_earned=0)
    lifetime, available, pending, points, expires = row
    return Balance(
        available=int(available),
        pending=int(pending),
        lifetime_earned=lifetime,
        expiring_soon=[
            ExpiringPoints(int(p), at) for p, at in zip(points or [], expires or [], strict=True)
        ],
    )


def points_value(points: int, currency: str) -> Money | None:
    """What ``points`` are worth when redeemed, in ``currency`` (None without a rate)."""
    programme = Programme.current()
    base = Decimal(points) / programme.redemption_points_per_unit
    return from_base(base, currency)


@dataclass(frozen=True)
class Liability:
    outstanding_points: int
    pending_points: int
    value_by_currency: dict[str, Money | None]


def liability() -> Liability:
    """Outstanding points (available and pending) and their redemption value per currency."""
    totals = PointsAccount.objects.aggregate(available=Sum("available"), pending=Sum("pending"))
    available = totals["available"] or 0
    pending = totals["pending"] or 0
    values = {code: points_value(available + pending, code) for code in settings.CURRENCIES}
    return Liability(available + pending, pending, values)


def discrepancies(account: PointsAccount) -> list[str]:
    """What does not add up on an account (empty when entries, lots and balances agree)."""
    account.refresh_from_db()
    entries = LedgerEntry.objects.filter(account=account).aggregate(total=Sum("points"))["total"]
    lots = PointsLot.objects.filter(account=account)
    remaining = lots.aggregate(total=Sum("remaining"))["total"] or 0
    released = lots.filter(released=True).aggregate(total=Sum("remaining"))["total"] or 0
    problems = []
    if (entries or 0) != account.available + account.pending:
        problems.append(
            f"entries {entries} != available+pending {account.available + account.pending}"
        )
    if remaining != account.available + account.pending:
        problems.append(f"lots {remaining} != balances {account.available + account.pending}")
    if released != account.available:
        problems.append(f"released lots {released} != available {account.available}")
    expiries = LedgerEntry.objects.filter(account=account, kind=EntryKind.EXPIRE)
    taken = {pk: -points for pk, points in expiries.values_list("pk", "points")}
    recorded = dict(
        lots.filter(expired_by__isnull=False)
        .values("expired_by")
        .annotate(total=Sum("expired_points"))
        .values_list("expired_by", "total")
    )
    if recorded != taken:
        problems.append(f"expiry entries {taken} != what their lots recorded {recorded}")
    return problems


def _own_entries() -> QuerySet[LedgerEntry]:
    """The entries that count as the member's own activity: not expiry, staff adjustments or
    birthday gifts."""
    return LedgerEntry.objects.exclude(kind__in=[EntryKind.EXPIRE, EntryKind.ADJUST]).exclude(
        source__startswith="birthday:"
    )


def last_activity(*, of_member: bool = False) -> Greatest:
    """The member's latest own activity: an order, a points movement they caused (not expiry,
    staff adjustments or birthday gifts), a sign-in; at least the day they joined. An
    expression for a queryset of points accounts, or of members with ``of_member``."""
    member = "" if of_member else "member__"
    entries = (
        _own_entries()
        # The account's id from the outer query (members: their joined account), so the
        # latest entry is the first of the account's history index, not a sort.
        .filter(account_id=OuterRef("points_account__id" if of_member else "pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    orders = (
        Order.objects.filter(member_id=OuterRef("pk" if of_member else "member_id"))
        .order_by("-placed_at")
        .values("placed_at")[:1]
    )
    joined = F(f"{member}created_at")
    return Greatest(
        joined,
        Coalesce(Subquery(entries), joined),
        Coalesce(Subquery(orders), joined),
        Coalesce(F(f"{member}user__last_login"), joined),
        output_field=DateTimeField(),
    )


def _inactive_since(moment: datetime) -> Q:
    """``last_activity <= moment`` as each of its parts: joined, no own entry, no order and no
    sign-in after ``moment``; probes of indexed columns instead of the latest of each."""
    return (
        Q(member__created_at__lte=moment)
        & ~Exists(_own_entries().filter(account=OuterRef("pk"), created_at__gt=moment))
        & ~Exists(Order.objects.filter(member_id=OuterRef("member_id"), placed_at__gt=moment))
        & (Q(member__user__last_login__isnull=True) | Q(member__user__last_login__lte=moment))
    )


def at_risk_accounts(*, as_of: datetime) -> QuerySet[AtRiskAccount]:
    """Points accounts of "at risk" members: at least the programme's balance and no activity
    for its number of days before ``as_of``. One query (annotated with ``last_activity``)."""
    programme = Programme.current()
    return _quiet_accounts(programme, as_of, Q(available__gte=programme.at_risk_points))


def re_engagement_accounts(*, as_of: datetime) -> QuerySet[AtRiskAccount]:
    """Who the re-engagement email is for: members "at risk" (``at_risk_accounts``) and, as
    quiet as they, members of the programme's chosen RFM segments who have any points. One
    query (annotated with ``last_activity``)."""
    programme = Programme.current()
    wanted = Q(available__gte=programme.at_risk_points)
    if programme.re_engagement_segments:
        wanted |= Q(available__gt=0, member__rfm_segment__in=programme.re_engagement_segments)
    return _quiet_accounts(programme, as_of, wanted)


def _quiet_accounts(programme: Programme, as_of: datetime, wanted: Q) -> QuerySet[AtRiskAccount]:
    # Members' own accounts: a company's account has no member to write to.
    return (
        PointsAccount.objects.filter(wanted, member__isnull=False)
        .filter(_inactive_since(as_of - timedelta(days=programme.at_risk_inactive_days)))
        .annotate(last_activity=last_activity())
        .select_related("member")
        .order_by("pk")
    )


# The ledger's invariants, set-based (``/readyz`` on a sample, ``manage.py check_ledger`` on all)

# For each account of the set: its balances, the sum of its entries, what its lots hold (and
# the released part), and whether each of its expiry entries took what its lots recorded. A row
# comes back only for an account that does not add up.
ACCOUNTS_NOT_ADDING_UP = """
WITH accounts AS (
    SELECT id, available, pending FROM ledger_pointsaccount WHERE {where}
), entries AS (
    SELECT account_id, sum(points) AS total FROM ledger_ledgerentry
    WHERE account_id IN (SELECT id FROM accounts) GROUP BY account_id
), lots AS (
    SELECT account_id, sum(remaining) AS remaining,
        coalesce(sum(remaining) FILTER (WHERE released), 0) AS released
    FROM ledger_pointslot WHERE account_id IN (SELECT id FROM accounts) GROUP BY account_id
), expiries AS (
    SELECT entry.account_id, entry.id, -entry.points AS taken FROM ledger_ledgerentry entry
    WHERE entry.account_id IN (SELECT id FROM accounts) AND entry.kind = 'expire'
), recorded AS (
    SELECT lot.account_id, lot.expired_by_id AS id, sum(lot.expired_points) AS recorded
    FROM ledger_pointslot lot
    WHERE lot.account_id IN (SELECT id FROM accounts) AND lot.expired_by_id IS NOT NULL
    GROUP BY lot.account_id, lot.expired_by_id
), expiry_breaks AS (
    SELECT coalesce(expiries.account_id, recorded.account_id) AS account_id, count(*) AS breaks
    FROM expiries FULL JOIN recorded ON recorded.id = expiries.id
    WHERE expiries.taken IS DISTINCT FROM recorded.recorded
    GROUP BY 1
)
SELECT accounts.id, accounts.available, accounts.pending, coalesce(entries.total, 0),
    coalesce(lots.remaining, 0), coalesce(lots.released, 0), coalesce(expiry_breaks.breaks, 0)
FROM accounts
LEFT JOIN entries ON entries.account_id = accounts.id
LEFT JOIN lots ON lots.account_id = accounts.id
LEFT JOIN expiry_breaks ON expiry_breaks.account_id = accounts.id
WHERE coalesce(entries.total, 0) <> accounts.available + accounts.pending
    OR coalesce(lots.remaining, 0) <> accounts.available + accounts.pending
    OR coalesce(lots.released, 0) <> accounts.available
    OR expiry_breaks.breaks IS NOT NULL
ORDER BY accounts.id
"""


@dataclass(frozen=True)
class AccountBreak:
    """An account whose balances, entries and lots disagree (``discrepancies`` says how)."""

    account_id: int
    available: int
    pending: int
    entries: int  # the sum of its entries' points
    lots: int  # what its lots still hold
    released: int  # ... of which released (available)
    expiry_breaks: int  # expiry entries whose lots recorded another amount

    def __str__(self) -> str:
        problems = []
        balance = self.available + self.pending
        if self.entries != balance:
            problems.append(f"entries {self.entries} != available+pending {balance}")
        if self.lots != balance:
            problems.append(f"lots {self.lots} != available+pending {balance}")
        if self.released != self.available:
            problems.append(f"released lots {self.released} != available {self.available}")
        if self.expiry_breaks:
            problems.append(f"{self.expiry_breaks} expiry entries != what their lots recorded")
        return f"account {self.account_id}: " + "; ".join(problems)


def accounts_not_adding_up(
    *, account_ids: Sequence[int] | None = None, id_range: tuple[int, int] | None = None
) -> list[AccountBreak]:
    """The accounts among ``account_ids`` (or with ids in ``id_range``, both ends included)
    whose balances (available + pending) differ from the sum of their entries or from what
    their lots hold, whose released lots differ from ``available``, or whose expiry entries
    differ from what their lots recorded. One statement; by the accounts' indexes."""
    parameters: list[Any]
    if account_ids is not None:
        where, parameters = "id = ANY(%s)", [list(account_ids)]
    elif id_range is not None:
        where, parameters = "id BETWEEN %s AND %s", [id_range[0], id_range[1]]
    else:
        raise ValueError("account_ids or id_range")
    with connection.cursor() as cursor:
        cursor.execute(ACCOUNTS_NOT_ADDING_UP.format(where=where), parameters)
        return [AccountBreak(*(int(value) for value in row)) for row in cursor.fetchall()]


def ledger_sample(size: int) -> list[int]:
    """Accounts worth checking often and cheaply: those of the latest entries (what was just
    written) and a run of consecutive accounts from a random place (the rest, over time).
    Index reads only (``entry_created``, the primary key)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            (SELECT DISTINCT account_id FROM (
                SELECT account_id FROM ledger_ledgerentry ORDER BY created_at DESC LIMIT %(half)s
            ) latest)
            UNION
            (SELECT id FROM ledger_pointsaccount
             WHERE id >= (SELECT floor(random() * (max(id) + 1)) FROM ledger_pointsaccount)
             ORDER BY id LIMIT %(half)s)
            """,
            {"half": max(1, size // 2)},
        )
        return [row[0] for row in cursor.fetchall()]


def account_id_bounds() -> tuple[int, int] | None:
    """The lowest and highest account id (None without accounts)."""
    bounds = PointsAccount.objects.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return None
    return int(bounds["low"]), int(bounds["high"])


# --- A/B tests (docs/experiments.md) ---------------------------------------------------------

# Orders that count for an experiment: paid, not cancelled or wholly refunded (as for tiers).
EXPERIMENT_ORDER_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.PROCESSING,
    OrderStatus.SHIPPED,
    OrderStatus.COMPLETED,
    OrderStatus.PARTIALLY_REFUNDED,
)
Z_95 = Decimal("1.96")

EXPERIMENT_RESULTS_SQL = f"""
    WITH arm AS (
        SELECT member_id, "group" FROM {ExperimentAssignment._meta.db_table}
        WHERE experiment_id = %(id)s
    ), spent AS (
        SELECT o.member_id, COUNT(*) AS orders, SUM({KEPT_MERCHANDISE_IN_BASE_SQL}) AS revenue
        FROM {Order._meta.db_table} AS o JOIN arm ON arm.member_id = o.member_id
        WHERE o.status = ANY(%(statuses)s) AND o.paid_at >= %(start)s AND o.paid_at < %(end)s
        GROUP BY o.member_id
    ), earned AS (
        SELECT COALESCE(entry.member_id, account.member_id) AS member_id,
               SUM(entry.points) AS points
        FROM {LedgerEntry._meta.db_table} AS entry
        JOIN {PointsAccount._meta.db_table} AS account ON account.id = entry.account_id
        WHERE entry.kind IN ('{EntryKind.EARN.value}', '{EntryKind.CLAWBACK.value}')
          AND entry.created_at >= %(start)s AND entry.created_at < %(end)s
        GROUP BY 1
    )
    SELECT arm."group", COUNT(*), COUNT(spent.member_id), COALESCE(SUM(spent.orders), 0),
           COALESCE(SUM(spent.revenue), 0), COALESCE(SUM(spent.revenue * spent.revenue), 0),
           COUNT(*) FILTER (WHERE spent.orders >= 2), COALESCE(SUM(earned.points), 0)
    FROM arm
    LEFT JOIN spent ON spent.member_id = arm.member_id
    LEFT JOIN earned ON earned.member_id = arm.member_id
    GROUP BY arm."group"
"""  # noqa: S608 - table names from the models, values as parameters


@dataclass(frozen=True)
class ExperimentArm:
    """One group's figures over the experiment's window (amounts in the base currency)."""

    group: str
    members: int = 0
    buyers: int = 0
    orders: int = 0
    revenue: Decimal = Decimal(0)
    revenue_squares: Decimal = Decimal(0)
    repeat_buyers: int = 0
    points: int = 0

    @property
    def conversion(self) -> Decimal | None:
        """Of the members, the share who bought (None without members)."""
        return Decimal(self.buyers) / self.members if self.members else None

    @property
    def repurchase_rate(self) -> Decimal | None:
        """Of the buyers, the share who ordered again (None without buyers)."""
        return Decimal(self.repeat_buyers) / self.buyers if self.buyers else None

    @property
    def revenue_per_member(self) -> Decimal:
        return self.revenue / self.members if self.members else Decimal(0)

    @property
    def points_per_member(self) -> Decimal:
        return Decimal(self.points) / self.members if self.members else Decimal(0)

    @property
    def revenue_variance(self) -> Decimal:
        """The sample variance of the revenue per member (members without orders count 0)."""
        if self.members < 2:
            return Decimal(0)
        mean_square = self.revenue * self.revenue / self.members
        return max(self.revenue_squares - mean_square, Decimal(0)) / (self.members - 1)


@dataclass(frozen=True)
class ExperimentResults:
    start: datetime
    end: datetime
    treatment: ExperimentArm
    control: ExperimentArm
    base_currency: str
    points_per_base_unit_redeemed: int

    def money(self, amount: Decimal) -> Money:
        return Money(amount.quantize(Decimal("0.01")), self.base_currency)

    @property
    def incremental_revenue_per_member(self) -> Decimal:
        return self.treatment.revenue_per_member - self.control.revenue_per_member

    @property
    def incremental_points_per_member(self) -> Decimal:
        return self.treatment.points_per_member - self.control.points_per_member

    @property
    def standard_error(self) -> Decimal | None:
        """Of the difference in revenue per member (Welch; None below two members a group)."""
        t, c = self.treatment, self.control
        if t.members < 2 or c.members < 2:
            return None
        return (t.revenue_variance / t.members + c.revenue_variance / c.members).sqrt()

    @property
    def revenue_per_point(self) -> Decimal | None:
        """Incremental revenue per incremental point (None when the rule cost no points)."""
        if self.incremental_points_per_member <= 0:
            return None
        return self.incremental_revenue_per_member / self.incremental_points_per_member

    @property
    def revenue_per_point_interval(self) -> tuple[Decimal, Decimal] | None:
        """The 95 % confidence interval of ``revenue_per_point``: the interval of the revenue
        difference (normal approximation) over the incremental points, taken as known."""
        error, points = self.standard_error, self.incremental_points_per_member
        if error is None or points <= 0:
            return None
        difference = self.incremental_revenue_per_member
        return ((difference - Z_95 * error) / points, (difference + Z_95 * error) / points)

    @property
    def points_cost(self) -> Decimal:
        """What the treatment group's extra points are worth when redeemed, in total."""
        extra = self.incremental_points_per_member * self.treatment.members
        return extra / self.points_per_base_unit_redeemed


def experiment_results(experiment: Experiment, *, now: datetime | None = None) -> ExperimentResults:
    """Per group: members, buyers, orders, revenue (kept merchandise in the base currency),
    repurchase rate and points earned, from the experiment's start to its end (or now); and the
    incremental revenue per point with its confidence interval. One query."""
    start = experiment.started_at
    end = experiment.ended_at or now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            EXPERIMENT_RESULTS_SQL,
            {
                "id": experiment.pk,
                "statuses": [status.value for status in EXPERIMENT_ORDER_STATUSES],
                "start": start,
                "end": end,
            },
        )
        rows = {row[0]: row for row in cursor.fetchall()}

    def arm(group: str) -> ExperimentArm:
        row = rows.get(group)
        if row is None:
            return ExperimentArm(group)
        return ExperimentArm(
            group,
            row[1],
            row[2],
            int(row[3]),
            Decimal(row[4]),
            Decimal(row[5]),
            row[6],
            int(row[7]),
        )

    return ExperimentResults(
        start,
        end,
        arm(ExperimentGroup.TREATMENT),
        arm(ExperimentGroup.CONTROL),
        settings.BASE_CURRENCY,
        Programme.current().redemption_points_per_unit,
    )
