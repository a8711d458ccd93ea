"""Tiers: what a member qualifies for, upgrades at once, downgrades only at re-evaluation.

Qualification looks at the 12 months before ``as_of``: spend (the paid merchandise of orders in
the base currency at each order's captured rate, less refunded shares), number of paid orders,
and points earned. Upgrades happen as soon as a paid order qualifies (``evaluate_member``);
downgrades only in the periodic ``reevaluate_all``, when the member misses the tier's retention
threshold and the grace period that then starts has passed. Every change is recorded in
``TierChange`` and published as ``tier.changed`` (in the same transaction).

When the programme says the company earns (``ledger.holders``), a company's buyers qualify
together: the figures of each buyer are those of the whole company (the spend and orders of all
its members, the points earned on its account and theirs), so they all hold the same tier; a
member joining a company is evaluated at once (``company.member_added``).

Staff may set a member's tier by hand (``set_tier_by_hand``, with a reason): it holds until the
next re-evaluation, or until a chosen date (``TierStatus.pinned_until``; re-evaluations before
it leave the tier alone), and then the member gets the tier they qualify for, at once (a tier
given by hand was never earned, so no grace period). An upgrade the member earns meanwhile
still applies and ends the tier set by hand.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from apps.companies.models import CompanyMember
from apps.core import events
from apps.core.batch_jobs import Batch
from apps.core.errors import ApplicationError
from apps.core.sql import execute_prepared
from apps.ledger.holders import company_earns, holder_of
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount
from apps.orders.amounts import KEPT_MERCHANDISE_IN_BASE_SQL
from apps.orders.models import Order, OrderStatus

from .events import TierChanged
from .models import Tier, TierChange, TierStatus

# Why a tier changed, kept as source text and shown in the reader's language
# (``apps.core.system_notes``): a re-evaluation run by a worker has no reader's language.
QUALIFIED = gettext_noop("Qualified")
RETENTION_NOT_MET = gettext_noop("Retention threshold not met")
SET_BY_HAND_ENDED = gettext_noop("Tier set by hand ended")
IMPORTED = gettext_noop("Imported from the previous programme")
TIER_PASS = gettext_noop("Tier pass redeemed")
LEFT_COMPANY = gettext_noop("Left the company")
REEVALUATION_LOCK = 7_301_001  # advisory lock key of the re-evaluation job
WINDOW = timedelta(days=365)
QUALIFYING_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.PROCESSING,
    OrderStatus.SHIPPED,
    OrderStatus.COMPLETED,
    OrderStatus.PARTIALLY_REFUNDED,
)


@dataclass(frozen=True)
class Qualification:
    spend: Decimal = Decimal(0)
    orders: int = 0
    points: int = 0


QUALIFYING_ORDERS_SQL = (
    "status = ANY(%(statuses)s) AND paid_at > %(since)s AND paid_at <= %(as_of)s"
)

# ``{where}`` narrows the members; ``{orders_of}`` / ``{accounts_of}`` narrow the sums to the
# same members (a batch's: PostgreSQL does not carry ``member.id = ANY(...)`` into them).
QUALIFICATION_SQL = f"""
    SELECT member.id,
           COALESCE(spent.spend, 0), COALESCE(spent.orders, 0), COALESCE(earned.points, 0)
    FROM members_member AS member
    LEFT JOIN (
        SELECT member_id, COUNT(*) AS orders, SUM({KEPT_MERCHANDISE_IN_BASE_SQL}) AS spend
        FROM {Order._meta.db_table}
        WHERE member_id IS NOT NULL AND {QUALIFYING_ORDERS_SQL} {{orders_of}}
        GROUP BY member_id
    ) AS spent ON spent.member_id = member.id
    LEFT JOIN (
        SELECT account.member_id, SUM(entry.points) AS points
        FROM {LedgerEntry._meta.db_table} AS entry
        JOIN {PointsAccount._meta.db_table} AS account ON account.id = entry.account_id
        WHERE entry.kind = '{EntryKind.EARN.value}' {{accounts_of}}
          AND entry.created_at > %(since)s AND entry.created_at <= %(as_of)s
        GROUP BY account.member_id
    ) AS earned ON earned.member_id = member.id
    {{where}}
"""


# The same, when the company earns: each member's figures are their company's (the sums over its
# members, plus the points earned on the company's account); members of no company keep their own.
COMPANY_QUALIFICATION_SQL = f"""
    WITH own AS (
        SELECT member.id, cm.company_id,
               COALESCE(spent.spend, 0) AS spend, COALESCE(spent.orders, 0) AS orders,
               COALESCE(earned.points, 0) AS points
        FROM members_member AS member
        LEFT JOIN {CompanyMember._meta.db_table} AS cm ON cm.member_id = member.id
        LEFT JOIN (
            SELECT member_id, COUNT(*) AS orders, SUM({KEPT_MERCHANDISE_IN_BASE_SQL}) AS spend
            FROM {Order._meta.db_table}
            WHERE member_id IS NOT NULL AND {QUALIFYING_ORDERS_SQL} {{orders_of}}
            GROUP BY member_id
        ) AS spent ON spent.member_id = member.id
        LEFT JOIN (
            SELECT account.member_id, SUM(entry.points) AS points
            FROM {LedgerEntry._meta.db_table} AS entry
            JOIN {PointsAccount._meta.db_table} AS account ON account.id = entry.account_id
            WHERE entry.kind = '{EntryKind.EARN.value}' AND account.member_id IS NOT NULL
              {{accounts_of}}
              AND entry.created_at > %(since)s AND entry.created_at <= %(as_of)s
            GROUP BY account.member_id
        ) AS earned ON earned.member_id = member.id
        {{where}}
    ), company_earned AS (
        SELECT account.company_id, SUM(entry.points) AS points
        FROM {LedgerEntry._meta.db_table} AS entry
        JOIN {PointsAccount._meta.db_table} AS account ON account.id = entry.account_id
        WHERE entry.kind = '{EntryKind.EARN.value}'
          AND account.company_id IN (SELECT company_id FROM own WHERE company_id IS NOT NULL)
          AND entry.created_at > %(since)s AND entry.created_at <= %(as_of)s
        GROUP BY account.company_id
    ), units AS (
        SELECT company_id, SUM(spend) AS spend, SUM(orders) AS orders, SUM(points) AS points
        FROM own WHERE company_id IS NOT NULL GROUP BY company_id
    )
    SELECT own.id,
           COALESCE(units.spend, own.spend), COALESCE(units.orders, own.orders),
           COALESCE(units.points + COALESCE(company_earned.points, 0), own.points)
    FROM own
    LEFT JOIN units ON units.company_id = own.company_id
    LEFT JOIN company_earned ON company_earned.company_id = own.company_id
"""
# One company's members (``evaluate_member`` of a company buyer).
_OF_COMPANY = f"""WHERE member.id IN (
    SELECT member_id FROM {CompanyMember._meta.db_table} WHERE company_id = %(company)s)"""


# A batch's members are a range of ids: the sums read by index range scans.
_OF_RANGE = {
    "where": "WHERE member.id >= %(first)s AND member.id <= %(last)s",
    "orders_of": "AND member_id >= %(first)s AND member_id <= %(last)s",
    "accounts_of": "AND account.member_id >= %(first)s AND account.member_id <= %(last)s",
}
_OF_MEMBERS = {
    "where": "WHERE member.id = ANY(%(members)s)",
    "orders_of": "AND member_id = ANY(%(members)s)",
    "accounts_of": "AND account.member_id = ANY(%(members)s)",
}


def _qualifications(
    as_of: datetime,
    member_id: int | None = None,
    *,
    company_id: int | None = None,
    members: list[int] | None = None,
):
    """(member id, figures) of one member, or of one company's members, or of ``members``
    (with, when the company earns, their companies' other members). The figures are the
    company's when the company earns (``COMPANY_QUALIFICATION_SQL``)."""
    narrow = {"where": "", "orders_of": "", "accounts_of": ""}
    if members is not None:
        narrow = _OF_MEMBERS if company_earns() else _OF_RANGE
    elif company_id and company_earns():
        narrow = {**narrow, "where": _OF_COMPANY}
    elif member_id:
        narrow = {**narrow, "where": "WHERE member.id = %(member)s"}
    if company_earns():
        sql = COMPANY_QUALIFICATION_SQL.format(**narrow)
        if members is not None:
            members = _with_colleagues(members)
    else:
        sql = QUALIFICATION_SQL.format(**narrow)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "statuses": list(QUALIFYING_STATUSES),
                "since": as_of - WINDOW,
                "as_of": as_of,
                "member": member_id,
                "company": company_id,
                "members": members,
                "first": members[0] if members else None,
                "last": members[-1] if members else None,
            },
        )
        while rows := cursor.fetchmany(5000):
            for member, spend, orders, points in rows:
                yield member, Qualification(Decimal(spend), int(orders), int(points))


def _with_colleagues(members: list[int]) -> list[int]:
    """``members`` and the other members of their companies (whose sums are their figures)."""
    table = CompanyMember._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT member_id FROM {table} WHERE company_id IN (
                    SELECT company_id FROM {table} WHERE member_id = ANY(%s))""",
            [members],
        )
        return sorted(set(members) | {row[0] for row in cursor.fetchall()})


def qualification(member, *, as_of: datetime) -> Qualification:
    """The member's figures (their company's when the company earns)."""
    holder = holder_of(member)
    if holder.company_id is not None:
        figures = dict(_qualifications(as_of, company_id=holder.company_id))
        return figures.get(member.pk, Qualification())
    return next((q for _id, q in _qualifications(as_of, member.pk)), Qualification())


# Tier id and qualifying spend: what tier progress shows (spend towards the next tier), without
# the orders and earned points that only qualification needs.
TIER_AND_SPEND_SQL = f"""
SELECT (SELECT tier_id FROM {TierStatus._meta.db_table} WHERE member_id = %(member)s),
       (SELECT COALESCE(SUM({KEPT_MERCHANDISE_IN_BASE_SQL}), 0) FROM {Order._meta.db_table}
        WHERE member_id = %(member)s AND {QUALIFYING_ORDERS_SQL})
"""
# The same for a buyer whose company earns: the spend of all the company's members.
COMPANY_TIER_AND_SPEND_SQL = f"""
SELECT (SELECT tier_id FROM {TierStatus._meta.db_table} WHERE member_id = %(member)s),
       (SELECT COALESCE(SUM({KEPT_MERCHANDISE_IN_BASE_SQL}), 0) FROM {Order._meta.db_table}
        WHERE member_id IN (SELECT member_id FROM {CompanyMember._meta.db_table}
                            WHERE company_id = %(company)s)
          AND {QUALIFYING_ORDERS_SQL})
"""


def tier_and_spend(
    member_id: int, *, as_of: datetime, company_id: int | None = None
) -> tuple[int | None, Decimal]:
    """The member's tier id (None before their first evaluation) and qualifying spend (with
    ``company_id``, the company's: the company earns), in one query."""
    parameters = tier_and_spend_parameters(member_id, as_of=as_of)
    with connection.cursor() as cursor:
        if company_id is not None:
            execute_prepared(
                cursor,
                "tiers_company_tier_and_spend",
                COMPANY_TIER_AND_SPEND_SQL,
                {**parameters, "company": company_id},
            )
        else:
            execute_prepared(cursor, "tiers_tier_and_spend", TIER_AND_SPEND_SQL, parameters)
        tier_id, spend = cursor.fetchone()
    return tier_id, Decimal(spend)


def tier_and_spend_parameters(member_id: int, *, as_of: datetime) -> dict:
    """``TIER_AND_SPEND_SQL``'s parameters (also for queries that embed it)."""
    return {
        "statuses": list(QUALIFYING_STATUSES),
        "since": as_of - WINDOW,
        "as_of": as_of,
        "member": member_id,
    }


def qualifies(tier: Tier, figures: Qualification) -> bool:
    checks = [
        figures.spend >= tier.qualifying_spend if tier.qualifying_spend is not None else None,
        figures.orders >= tier.qualifying_orders if tier.qualifying_orders is not None else None,
        figures.points >= tier.qualifying_points if tier.qualifying_points is not None else None,
    ]
    checks = [check for check in checks if check is not None]
    if not checks:
        return True  # the entry tier
    return all(checks) if tier.qualification == Tier.Qualification.ALL else any(checks)


def keeps(tier: Tier, figures: Qualification) -> bool:
    if tier.retention_spend is not None:
        return figures.spend >= tier.retention_spend
    return qualifies(tier, figures)


def best_tier(tiers: list[Tier], figures: Qualification) -> Tier | None:
    return max(
        (tier for tier in tiers if qualifies(tier, figures)), key=lambda t: t.rank, default=None
    )


@dataclass
class _Writes:
    """Tier writes collected during an evaluation, applied in bulk."""

    now: datetime
    updated: list[TierStatus] = field(default_factory=list)
    created: list[TierStatus] = field(default_factory=list)
    changes: list[TierChange] = field(default_factory=list)

    def change(self, member_id: int, status: TierStatus | None, to: Tier, reason: str) -> None:
        previous = status.tier if status else None
        if status is None:
            self.created.append(TierStatus(member_id=member_id, tier=to, since=self.now))
        else:
            status.tier, status.since, status.grace_until = to, self.now, None
            status.set_by_hand, status.pinned_until = False, None
            self.updated.append(status)
        self.changes.append(
            TierChange(
                member_id=member_id,
                from_tier=previous,
                to_tier=to,
                reason=reason,
                created_at=self.now,
            )
        )

    def grace(self, status: TierStatus, until: datetime | None) -> None:
        status.grace_until = until
        self.updated.append(status)

    def release(self, status: TierStatus) -> None:
        """The tier set by hand ends; the member keeps it as an earned one."""
        status.set_by_hand, status.pinned_until = False, None
        self.updated.append(status)

    def apply(self) -> int:
        _update_statuses(self.updated)
        TierStatus.objects.bulk_create(self.created, batch_size=5000)
        TierChange.objects.bulk_create(self.changes, batch_size=5000)
        events.publish_many(
            [
                TierChanged(
                    change_id=change.pk,
                    member_id=change.member_id,
                    from_tier=change.from_tier.pk if change.from_tier else None,
                    to_tier=change.to_tier.pk,
                    upgrade=change.from_tier is None or change.to_tier.rank > change.from_tier.rank,
                )
                for change in self.changes
            ]
        )
        return len(self.changes)


def _update_statuses(statuses: list[TierStatus]) -> None:
    """One UPDATE ... FROM (VALUES ...) per 5,000 rows (Django's bulk_update builds a CASE per
    row, which is far slower at this size)."""
    from psycopg2.extras import execute_values

    unique = {status.pk: status for status in statuses}.values()
    rows = [
        (s.pk, s.tier_id, s.since, s.grace_until, s.set_by_hand, s.pinned_until) for s in unique
    ]
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            f"UPDATE {TierStatus._meta.db_table} AS status SET tier_id = v.tier_id, "
            "since = v.since, grace_until = v.grace_until, set_by_hand = v.set_by_hand, "
            "pinned_until = v.pinned_until FROM (VALUES %s) "
            "AS v (id, tier_id, since, grace_until, set_by_hand, pinned_until) "
            "WHERE status.id = v.id",
            rows,
            template="(%s, %s, %s::timestamptz, %s::timestamptz, %s, %s::timestamptz)",
            page_size=5000,
        )


def _decide(member_id, status, tiers, figures, writes: _Writes, *, allow_downgrade: bool):
    target = best_tier(tiers, figures)
    if target is None:
        return
    current = status.tier if status else None
    if current is None or target.rank > current.rank:
        writes.change(member_id, status, target, QUALIFIED)
        return
    if status.set_by_hand:
        _decide_set_by_hand(member_id, status, target, writes, allow_downgrade=allow_downgrade)
        return
    kept = keeps(current, figures)
    if not allow_downgrade or target.rank == current.rank or kept:
        if status.grace_until and kept:
            writes.grace(status, None)
        return
    if status.grace_until is None:
        writes.grace(status, writes.now + timedelta(days=current.grace_days))
    elif writes.now >= status.grace_until:
        writes.change(member_id, status, target, RETENTION_NOT_MET)


def _decide_set_by_hand(member_id, status, target, writes: _Writes, *, allow_downgrade: bool):
    """Only a re-evaluation ends a tier set by hand, and only once its date (if any) passed."""
    if not allow_downgrade or (status.pinned_until and writes.now < status.pinned_until):
        return
    if target.rank == status.tier.rank:
        writes.release(status)
    else:
        writes.change(member_id, status, target, SET_BY_HAND_ENDED)


@transaction.atomic
def evaluate_member(member, *, as_of: datetime) -> None:
    """Upgrade the member at once if they now qualify for a better tier (never downgrades).
    When their company earns, every member of the company is evaluated with the company's
    figures (one tier for all)."""
    tiers = list(Tier.objects.all())
    holder = holder_of(member)
    if holder.company_id is not None:
        figures = dict(_qualifications(as_of, company_id=holder.company_id))
    else:
        figures = {member.pk: qualification(member, as_of=as_of)}
    statuses = {
        status.member_id: status
        for status in TierStatus.objects.select_for_update()
        .select_related("tier")
        .filter(member_id__in=sorted(figures))
        .order_by("member_id")
    }
    writes = _Writes(now=as_of)
    for member_id, member_figures in sorted(figures.items()):
        _decide(
            member_id,
            statuses.get(member_id),
            tiers,
            member_figures,
            writes,
            allow_downgrade=False,
        )
    writes.apply()


@transaction.atomic
def restore_own_tier(member, *, as_of: datetime) -> None:
    """A member who just left a company whose points the company earns gets the tier of their
    own figures at once (#20): the company's tier was never theirs, so no grace period and no
    wait for the re-evaluation. A tier set by hand (or a tier pass) stays."""
    status = (
        TierStatus.objects.select_for_update()
        .select_related("tier")
        .filter(member_id=member.pk)
        .first()
    )
    if status is None or status.set_by_hand:
        return
    target = best_tier(list(Tier.objects.all()), qualification(member, as_of=as_of))
    if target is None or target.pk == status.tier_id:
        return
    writes = _Writes(now=as_of)
    writes.change(member.pk, status, target, LEFT_COMPANY)
    writes.apply()


def reevaluate_all(*, as_of: datetime, batch: int = 5000) -> int:
    """The periodic re-evaluation: upgrades, grace periods and downgrades for every member, as
    ``reevaluate_batch`` after batch (each in its own transaction: a tier status is locked for
    one batch's moment, not for the whole run). The Celery job runs the same batches as a
    ``BatchJob`` (``tasks.REEVALUATION``: a task works about 30 s, then hands on). Idempotent
    for a given ``as_of``. Returns tier changes made."""
    changed, after = 0, 0
    while True:
        with transaction.atomic():
            done = reevaluate_batch(as_of=as_of, after=after, size=batch)
        changed += done.changed
        if done.last is None:
            return changed
        after = done.last


def reevaluate_batch(*, as_of: datetime, after: int, size: int = 5000) -> Batch:
    """The next ``size`` members after id ``after`` re-evaluated in the caller's transaction:
    their statuses locked, their figures read (only their orders and entries, by index), the
    decisions written. Only members whose tier or grace period changes are written. Members
    are independent, so each batch stands on its own; one batch at a time (an advisory lock:
    a second run's batch waits, then finds nothing to change)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REEVALUATION_LOCK])
        cursor.execute(
            "SELECT id FROM members_member WHERE id > %s ORDER BY id LIMIT %s", [after, size]
        )
        members = [row[0] for row in cursor.fetchall()]
    if not members:
        return Batch(changed=0, last=None)
    statuses = {
        status.member_id: status
        for status in TierStatus.objects.select_for_update(of=("self",))
        .select_related("tier")
        .filter(member_id__in=members)
        .order_by("member_id")
    }
    wanted = set(members)
    tiers = list(Tier.objects.all())
    writes = _Writes(now=as_of)
    for member_id, figures in sorted(_qualifications(as_of, members=members)):
        if member_id in wanted:
            _decide(
                member_id, statuses.get(member_id), tiers, figures, writes, allow_downgrade=True
            )
    return Batch(changed=writes.apply(), last=members[-1])


class InvalidTierChange(ApplicationError):
    code = "invalid_tier_change"
    default_message = _("Say why the tier is set by hand.")


@transaction.atomic
def set_tier_by_hand(
    *, member, tier: Tier, reason: str, changed_by, until: datetime | None = None
) -> TierChange:
    """Give ``member`` ``tier`` by hand, for ``reason`` (the staff member's words), recorded
    as a ``TierChange`` by ``changed_by``. It holds until the next re-evaluation, or with
    ``until`` until then (see the module's docstring); setting it again replaces the date.
    Publishes ``tier.changed`` when the tier is another one. Raises ``InvalidTierChange`` for
    an empty reason or a date that has passed."""
    now = timezone.now()
    reason = reason.strip()
    if not reason:
        raise InvalidTierChange()
    if until is not None and until <= now:
        raise InvalidTierChange(_("Choose a date in the future, or none."))
    status = (
        TierStatus.objects.select_for_update().select_related("tier").filter(member=member).first()
    )
    previous = status.tier if status else None
    if status is None:
        status = TierStatus(member=member, since=now)
    if previous != tier:
        status.since = now
    status.tier, status.grace_until = tier, None
    status.set_by_hand, status.pinned_until = True, until
    if status.pk is None:
        status.save()
    else:
        status.save(update_fields=["tier", "since", "grace_until", "set_by_hand", "pinned_until"])
    change = TierChange.objects.create(
        member=member,
        from_tier=previous,
        to_tier=tier,
        reason=reason[: TierChange._meta.get_field("reason").max_length],
        created_at=now,
        changed_by=changed_by,
    )
    if previous != tier:
        events.publish(
            TierChanged(
                change_id=change.pk,
                member_id=member.pk,
                from_tier=previous.pk if previous else None,
                to_tier=tier.pk,
                upgrade=previous is None or tier.rank > previous.rank,
            )
        )
    return change


@transaction.atomic
def assign_imported_tiers(*, tiers: dict[int, Tier], now: datetime) -> int:
    """Put each member (id -> tier) in the tier the programme the merchant used before gave
    them (the member import), up or down, as a ``TierChange`` with reason ``IMPORTED``,
    published as ``tier.changed``. A member already in that tier is left alone, so importing
    again changes nothing. Later evaluations treat the tier as any other. Returns the changes
    made."""
    statuses = {
        status.member_id: status
        for status in TierStatus.objects.select_for_update()
        .select_related("tier")
        .filter(member_id__in=sorted(tiers))
        .order_by("member_id")
    }
    writes = _Writes(now=now)
    for member_id, tier in sorted(tiers.items()):
        status = statuses.get(member_id)
        if status is None or status.tier_id != tier.pk:
            writes.change(member_id, status, tier, IMPORTED)
    return writes.apply()


@transaction.atomic
def grant_tier_pass(*, member, tier: Tier, until: datetime) -> TierChange | None:
    """A tier pass (a reward): ``member`` has ``tier`` at once, kept until ``until`` (re-
    evaluations before it never go below it; an upgrade the member earns still applies), then
    the next re-evaluation returns them to the tier they qualify for. Recorded as a tier change
    "Tier pass redeemed"; ``tier.changed`` is published when the tier is another one. A pass
    for the member's own tier keeps it until then (a later date already set is kept: returns
    None). Raises ``InvalidTierChange`` when the member's tier is higher than the pass's."""
    status = TierStatus.objects.select_for_update().select_related("tier").filter(member=member)
    current = status.first()
    if current is not None and current.tier.rank > tier.rank:
        raise InvalidTierChange(_("You already have a higher tier."))
    if (
        current is not None
        and current.tier == tier
        and current.pinned_until is not None
        and current.pinned_until >= until
    ):
        return None
    return set_tier_by_hand(
        member=member, tier=tier, reason=TIER_PASS, changed_by=None, until=until
    )
