"""The one way points change: earn, spend, adjust, claw back, close, restore (time-driven
release and expiry: ``jobs.py``).

Every change is a database function (``apps/ledger/sql/``) that runs as the ledger tables'
owner: the application's own database role may only read those tables. Every function here:

- runs in one transaction and locks the account row first (then lots, by id): the member's
  own, or their company's when the company earns (``holders.holder_of`` decides it; for a
  member's earn and spend without ``holder=`` the SQL function finds the company itself, in
  the same statement, ``ledger_buyer_earn``/``ledger_buyer_spend``; ``holder=`` names an
  account directly, for the API's and staff's company changes);
  each entry records the member it is attributed to;
- brings the account up to date first (releases and expires what is due), so balances and lots
  agree with the clock before anything is decided;
- is idempotent on ``idempotency_key``: the same key with the same arguments returns the first
  entry again with no second effect; the same key with different arguments raises
  ``IdempotencyConflict``;
- never lets a balance or a lot go below zero (and the database would refuse it anyway).

``earn`` and ``spend``, the hot path, are one SQL statement each; ``earn_statement``,
``spend_statement`` and ``adjust_statement`` prepare such a statement without running it, for
``run`` or for a caller that runs it inside a statement of its own (the API's points writes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypedDict

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import outbox

from . import reasons
from .dates import expiry_for, member_zone, zone_named
from .errors import IdempotencyConflict, InsufficientPoints, InvalidPoints
from .events import PointsEarned, PointsSpent
from .holders import Holder, company_earns, holder_of_member, source_holder
from .jobs import settle_account
from .lock_objects import lock_account_of
from .models import (
    REASON_LENGTH,
    SOURCE_LENGTH,
    EntryKind,
    LedgerEntry,
    LotMovement,
    PointsAccount,
    Programme,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.members.models import Member

    from .rules_models import EarningRule


class LedgerArguments(TypedDict):
    """The parameters of a ledger function call (``apps/ledger/sql/``): what every one takes,
    and what only some do."""

    member: int | None  # the member the entry is attributed to (None: a company's own change)
    company: int | None  # the company's account; None: the member's own (unless ``resolve``)
    # True: ``company`` is None and the SQL function finds the member's company's account (the
    # company earns; the member's own if they belong to none): earn and spend only
    resolve: bool
    points: int
    kind: str
    reason: str
    source: str
    actor: int | None
    key: str
    fingerprint: str
    now: datetime
    rule: NotRequired[int | None]  # earn
    available_at: NotRequired[datetime]  # earn
    expires_at: NotRequired[datetime | None]  # earn
    lifetime: NotRequired[bool]  # earn
    event: NotRequired[str | None]  # earn and spend: the event their SQL writes to the outbox
    take_short: NotRequired[bool]  # clawback


# What a cursor binds: the database takes any of these values.
SqlParameters = Mapping[str, Any]


class _ProgrammeExpiry(Enum):
    DEFAULT = "the programme's expiry"


# "The programme's expiry in the member's calendar", as opposed to None ("never").
DEFAULT_EXPIRY = _ProgrammeExpiry.DEFAULT
Expiry = datetime | None | Literal[_ProgrammeExpiry.DEFAULT]


@dataclass(frozen=True)
class LedgerResult:
    entry: LedgerEntry
    replayed: bool  # True when the idempotency key had been used already
    # The account's balances right after (None from ``restore``, which does not read them).
    available: int | None = None
    pending: int | None = None


def fit(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters: what an entry's reason (``REASON_LENGTH``) or
    source (``SOURCE_LENGTH``) keeps of a longer one."""
    return text[:length]


def _fingerprint(**arguments: object) -> str:
    canonical = json.dumps(arguments, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_points(points: int) -> None:
    if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
        raise InvalidPoints()


# The entry columns the SQL functions return, in the model's field order (``from_db`` takes a
# full row positionally; a test checks the two agree).
ENTRY_COLUMNS = (
    "id",
    "account_id",
    "points",
    "kind",
    "reason",
    "source",
    "actor_id",
    "rule_id",
    "idempotency_key",
    "fingerprint",
    "created_at",
    "member_id",
)
# The SQL functions (apps/ledger/sql/0018_*.sql): one statement per change.
EARN_SQL = """SELECT * FROM ledger_earn(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_rule => %(rule)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_available_at => %(available_at)s,
    p_expires_at => %(expires_at)s, p_lifetime => %(lifetime)s, p_event => %(event)s,
    p_settled => %(settled)s, p_company => %(company)s)"""
# The same for a member when the company earns: the function finds their company's account
# (apps/ledger/sql/0029_buyer_earn_spend.sql), no read before it.
BUYER_EARN_SQL = """SELECT * FROM ledger_buyer_earn(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_rule => %(rule)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_available_at => %(available_at)s,
    p_expires_at => %(expires_at)s, p_lifetime => %(lifetime)s, p_event => %(event)s,
    p_settled => %(settled)s)"""
SPEND_SQL = """SELECT * FROM ledger_spend(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_event => %(event)s,
    p_settled => %(settled)s, p_company => %(company)s)"""
BUYER_SPEND_SQL = """SELECT * FROM ledger_buyer_spend(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_event => %(event)s,
    p_settled => %(settled)s)"""
CLAWBACK_SQL = """SELECT * FROM ledger_clawback(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_settled => %(settled)s,
    p_take_short => %(take_short)s, p_company => %(company)s)"""
FORFEIT_SQL = """SELECT * FROM ledger_forfeit(
    p_member => %(member)s, p_kind => %(kind)s, p_reason => %(reason)s, p_source => %(source)s,
    p_key => %(key)s, p_fingerprint => %(fingerprint)s, p_now => %(now)s,
    p_settled => %(settled)s, p_company => %(company)s)"""


@dataclass(frozen=True)
class Statement:
    """An earn or spend as its SQL function call (``EARN_SQL`` or ``SPEND_SQL``) and arguments:
    what ``earn`` and ``spend`` run, and what callers that run it inside a statement of their
    own take (the API's idempotent points writes, ``integrations.idempotency``)."""

    arguments: LedgerArguments
    is_spend: bool

    @property
    def sql(self) -> str:
        if self.arguments["resolve"]:
            return BUYER_SPEND_SQL if self.is_spend else BUYER_EARN_SQL
        return SPEND_SQL if self.is_spend else EARN_SQL

    @property
    def account_known(self) -> bool:
        """Whether the account is known before the statement runs (not when the SQL function
        finds the member's company itself, ``resolve``)."""
        return not self.arguments["resolve"]

    @property
    def points(self) -> int:
        """The change to the balance: negative for a spend."""
        return -self.arguments["points"] if self.is_spend else self.arguments["points"]

    def entry(self, member: Member | None) -> LedgerEntry:
        """The entry this statement writes, as far as it is known before it runs (no id; only
        when ``account_known``)."""
        arguments = self.arguments
        if arguments["company"] is not None:
            account = PointsAccount(company_id=arguments["company"])
        else:
            account = PointsAccount(member=member)
        return LedgerEntry(
            account=account,
            member_id=arguments["member"],
            points=self.points,
            kind=arguments["kind"],
            reason=arguments["reason"],
            source=arguments["source"],
            actor_id=arguments["actor"],
            idempotency_key=arguments["key"],
            fingerprint=arguments["fingerprint"],
            created_at=arguments["now"],
        )

    def announce(self) -> None:
        """Once committed, make sure the event the statement wrote to the outbox is delivered."""
        if self.arguments.get("event"):
            outbox.request_delivery()


def run(statement: Statement, *, member: Member | None = None) -> LedgerResult:
    """Run an earn or spend statement (``earn_statement``, ``spend_statement``,
    ``adjust_statement``): ``earn``, ``spend`` and ``adjust`` in two steps. Outside a
    transaction the common case is a single round trip to the database."""
    arguments = statement.arguments
    status, available, pending, entry = _settled_first(statement.sql, arguments)
    if status == "conflict":
        raise IdempotencyConflict()
    if status == "insufficient":
        requested = arguments["points"]
        raise InsufficientPoints(
            InsufficientPoints.default_message % {"available": available, "requested": requested},
            available=available,
            requested=requested,
        )
    if entry is None:  # "done" and "replayed" always come with the entry
        raise RuntimeError(f"the ledger answered {status!r} without an entry")
    if status == "done":
        statement.announce()  # the event is in the outbox already
    return LedgerResult(entry, status == "replayed", available, pending)


def _settled_first(
    sql: str, arguments: LedgerArguments
) -> tuple[str, int, int, LedgerEntry | None]:
    """Run a ledger function; if the account has something due, settle it (under the same lock,
    in one transaction) and run it again. Returns (status, available, pending, entry)."""
    outcome = _statement(sql, {**arguments, "settled": False})
    if outcome[0] == "due":
        with transaction.atomic():
            now = arguments["now"]
            holder = _ran_on(arguments)
            settle_account(lock_account_of(holder, now=now), as_of=now, now=now)
            outcome = _statement(sql, {**arguments, "settled": True})
    return outcome


def _statement(sql: str, arguments: SqlParameters) -> tuple[str, int, int, LedgerEntry | None]:
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        status, available, pending, *values = cursor.fetchone()
    if values[0] is None:
        return status, available, pending, None
    entry = LedgerEntry.from_db(connection.alias, ENTRY_COLUMNS, values)
    return status, available, pending, entry


def _ran_on(arguments: LedgerArguments) -> Holder:
    """The account a statement runs on (asked again when its SQL function finds it itself: a
    rare path, the account had something due)."""
    if arguments["resolve"] and arguments["member"] is not None:
        return holder_of_member(arguments["member"])
    return Holder(arguments["member"], arguments["company"])


def _member(member: Member | None) -> Member:
    if member is None:  # a caller's mistake
        raise TypeError("this ledger change needs a member")
    return member


def _holder(member: Member | None, holder: Holder | None) -> Holder | None:
    """The account a change goes to: ``holder`` if given, else the member's: their own when
    each buyer earns; None when the company earns, for the SQL function to find (the
    membership read in the same statement, ``BUYER_EARN_SQL``; ``holders.holder_of`` says the
    same in Python)."""
    if holder is not None:
        return holder
    if member is None:  # a caller's mistake
        raise TypeError("a ledger change needs a member or a holder")
    if company_earns():
        return None
    return Holder(member.pk)


def _common(
    *,
    member: Member | None,
    holder: Holder | None,
    points: int,
    kind: str,
    reason: str,
    source: str,
    actor: User | None,
    key: str,
    fingerprint: str,
) -> LedgerArguments:
    """The arguments every ledger function takes (``holder`` None: the SQL function finds the
    member's account, ``_holder``). On a company's account the key is the member's own
    (prefixed with their id): two buyers' keys never meet."""
    if holder is not None and holder.company_id is not None and member is not None:
        key = f"member:{member.pk}:{key}"
    return {
        "member": member.pk if member is not None else None,
        "company": holder.company_id if holder is not None else None,
        "resolve": holder is None,
        "points": points,
        "kind": kind,
        "reason": fit(reason, REASON_LENGTH),
        "source": fit(source, SOURCE_LENGTH),
        "actor": actor.pk if actor is not None else None,
        "key": key,
        "fingerprint": fingerprint,
        "now": timezone.now(),
    }


def earn(
    *,
    member: Member | None,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    available_at: datetime | None = None,
    expires_at: Expiry = DEFAULT_EXPIRY,
    actor: User | None = None,
    kind: EntryKind = EntryKind.EARN,
    rule: EarningRule | None = None,
    holder: Holder | None = None,
) -> LedgerResult:
    """Credit ``points`` as a new lot, pending until ``available_at`` (default: at once),
    expiring at ``expires_at`` (default: the programme's expiry in the member's calendar;
    ``None``: never). Raises ``InvalidPoints`` or ``IdempotencyConflict``."""
    statement = earn_statement(
        member=member,
        points=points,
        reason=reason,
        idempotency_key=idempotency_key,
        source=source,
        available_at=available_at,
        expires_at=expires_at,
        actor=actor,
        kind=kind,
        rule=rule,
        holder=holder,
    )
    return run(statement, member=member)


def earn_statement(
    *,
    member: Member | None,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    available_at: datetime | None = None,
    expires_at: Expiry = DEFAULT_EXPIRY,
    actor: User | None = None,
    kind: EntryKind = EntryKind.EARN,
    rule: EarningRule | None = None,
    holder: Holder | None = None,
) -> Statement:
    """``earn``'s statement, not yet run."""
    _check_points(points)
    fingerprint = _fingerprint(
        op="earn",
        points=points,
        reason=reason,
        source=source,
        available_at=available_at,
        kind=kind,
        expires_at=None if expires_at is DEFAULT_EXPIRY else expires_at,
    )
    arguments = _common(
        member=member,
        holder=_holder(member, holder),
        points=points,
        kind=kind,
        reason=reason,
        source=source,
        actor=actor,
        key=idempotency_key,
        fingerprint=fingerprint,
    )
    now = arguments["now"]
    if expires_at is DEFAULT_EXPIRY:
        expires_at = expiry_for(
            earned_at=now,
            months=Programme.current().expiry_months,
            zone=member_zone(member) if member is not None else zone_named(""),
        )
    arguments |= {
        "rule": rule.pk if rule is not None else None,
        "available_at": available_at or now,
        "expires_at": expires_at,
        "lifetime": kind == EntryKind.EARN,
        # Every earn announces itself, a company's own (no member) too (for its webhook).
        "event": PointsEarned.name if kind == EntryKind.EARN else None,
    }
    return Statement(arguments, is_spend=False)


def spend(
    *,
    member: Member | None,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    actor: User | None = None,
    kind: EntryKind = EntryKind.SPEND,
    holder: Holder | None = None,
) -> LedgerResult:
    """Debit ``points`` from available lots, soonest-expiring first. Raises
    ``InsufficientPoints`` (nothing changes), ``InvalidPoints`` or ``IdempotencyConflict``."""
    statement = spend_statement(
        member=member,
        points=points,
        reason=reason,
        idempotency_key=idempotency_key,
        source=source,
        actor=actor,
        kind=kind,
        holder=holder,
    )
    return run(statement, member=member)


def spend_statement(
    *,
    member: Member | None,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    actor: User | None = None,
    kind: EntryKind = EntryKind.SPEND,
    holder: Holder | None = None,
) -> Statement:
    """``spend``'s statement, not yet run."""
    _check_points(points)
    fingerprint = _fingerprint(op="spend", points=points, reason=reason, source=source, kind=kind)
    arguments = _common(
        member=member,
        holder=_holder(member, holder),
        points=points,
        kind=kind,
        reason=reason,
        source=source,
        actor=actor,
        key=idempotency_key,
        fingerprint=fingerprint,
    )
    event = PointsSpent.name if member is not None else None
    return Statement(arguments | {"event": event}, is_spend=True)


def adjust(
    *,
    member: Member | None,
    points: int,
    reason: str,
    idempotency_key: str,
    actor: User | None,
    source: str = "",
    holder: Holder | None = None,
) -> LedgerResult:
    """A staff correction: positive ``points`` credit a new lot, negative ones debit soonest-
    expiring first. Needs a reason and a staff ``actor`` (or a ``source``: an integration's
    correction has no actor). Raises ``InvalidPoints``, ``InsufficientPoints`` or
    ``IdempotencyConflict``.

    Adjustments larger than the programme's approval threshold go through
    ``adjustments.request_adjustment`` instead (a second approver).
    """
    statement = adjust_statement(
        member=member,
        points=points,
        reason=reason,
        idempotency_key=idempotency_key,
        actor=actor,
        source=source,
        holder=holder,
    )
    return run(statement, member=member)


class _AdjustmentChange(TypedDict):
    """What an adjustment's earn or spend statement is built from, besides the points."""

    member: Member | None
    reason: str
    idempotency_key: str
    source: str
    actor: User | None
    kind: EntryKind
    holder: Holder | None


def adjust_statement(
    *,
    member: Member | None,
    points: int,
    reason: str,
    idempotency_key: str,
    actor: User | None,
    source: str = "",
    holder: Holder | None = None,
) -> Statement:
    """``adjust``'s statement, not yet run."""
    if not reason.strip():
        raise InvalidPoints(_("An adjustment needs a reason."))
    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        raise InvalidPoints()
    if not source:
        if actor is None:  # a caller's mistake, never a member's or staff's
            raise TypeError("an adjustment needs a staff actor or a source")
        source = f"staff:{actor.pk}"
    change: _AdjustmentChange = {
        "member": member,
        "reason": reason,
        "idempotency_key": idempotency_key,
        "source": source,
        "actor": actor,
        "kind": EntryKind.ADJUST,
        "holder": holder,
    }
    if points > 0:
        return earn_statement(points=points, **change)
    return spend_statement(points=-points, **change)


@transaction.atomic
def clawback(
    *,
    member: Member | None,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str,
    actor: User | None = None,
    holder: Holder | None = None,
) -> LedgerResult | None:
    """Take back up to ``points`` earned from ``source`` (e.g. a refunded order), on the
    account the source's points went to (``holders.source_holder``: a switch of who earns
    since then moves nothing).

    The source's own lots go first (pending or available), then other available lots. What the
    member has already spent elsewhere cannot be taken without a negative balance, so the
    clawback stops at what there is (the entry's reason says so). Returns None if there was
    nothing to take. Raises ``InvalidPoints`` or ``IdempotencyConflict``.
    """
    _check_points(points)
    fingerprint = _fingerprint(op="clawback", points=points, reason=reason, source=source)
    arguments = _common(
        member=member,
        holder=holder or source_holder(_member(member), source),
        points=points,
        kind=EntryKind.CLAWBACK,
        reason=reason,
        source=source,
        actor=actor,
        key=idempotency_key,
        fingerprint=fingerprint,
    )
    outcome = _settled_first(CLAWBACK_SQL, arguments | {"take_short": False})
    status, available = outcome[0], outcome[1]
    if status == "short":  # ``available``: what can be taken (the account stays locked)
        missing = reasons.written(reasons.NOT_TAKEN_BACK, missing=points - available)
        arguments |= {"reason": fit(f"{reason} {missing}", REASON_LENGTH), "take_short": True}
        outcome = _statement(CLAWBACK_SQL, arguments | {"settled": True})
    return _taken(outcome)


@transaction.atomic
def forfeit_all(*, member: Member, reason: str, idempotency_key: str) -> LedgerResult | None:
    """Close the member's balance: every lot's remainder, pending or available, goes in one
    entry (kind "adjust", source "account-closed"), so a closed account owes nothing and no
    pending lot is released later. Returns None if there was nothing to take. Raises
    ``IdempotencyConflict``. Always the member's own account: a buyer leaving leaves their
    company's points with the company.
    """
    arguments = _common(
        member=member,
        holder=Holder(member.pk),
        points=0,
        kind=EntryKind.ADJUST,
        reason=reason,
        source="account-closed",
        actor=None,
        key=idempotency_key,
        fingerprint=_fingerprint(op="forfeit", reason=reason),
    )
    return _taken(_settled_first(FORFEIT_SQL, arguments))


def _taken(outcome: tuple[str, int, int, LedgerEntry | None]) -> LedgerResult | None:
    """A clawback's or closing's outcome: None when there was nothing to take."""
    status, available, pending, entry = outcome
    if status == "conflict":
        raise IdempotencyConflict()
    if status == "nothing":
        return None
    if entry is None:  # anything else comes with the entry
        raise RuntimeError(f"the ledger answered {status!r} without an entry")
    return LedgerResult(entry, status == "replayed", available, pending)


@transaction.atomic
def restore(
    *, member: Member, source: str, reason: str, idempotency_key: str, actor: User | None = None
) -> list[LedgerResult]:
    """Give back points spent for ``source`` (e.g. a cancelled order): one new lot per lot they
    came from, with that lot's original expiry, on the account they were spent from
    (``holders.source_holder``). Returns the restore entries (empty if none).
    """
    holder = source_holder(member, source)
    account = lock_account_of(holder, now=timezone.now())
    spent = LotMovement.objects.filter(
        entry__account=account, entry__source=source, entry__kind=EntryKind.SPEND
    ).select_related("lot")
    results = []
    for movement in spent:
        key = f"{idempotency_key}:lot:{movement.lot_id}:entry:{movement.entry_id}"
        result = earn(
            member=member,
            points=-movement.points,
            reason=reason,
            idempotency_key=key,
            source=source,
            expires_at=movement.lot.expires_at,
            actor=actor,
            holder=holder,
            kind=EntryKind.RESTORE,
        )
        results.append(result)
    return results
