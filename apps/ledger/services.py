"""The one way points change: earn, spend, adjust, claw back, close, restore (time-driven
release and expiry: ``jobs.py``).

Every change is a database function (``apps/ledger/sql/``) that runs as the ledger tables'
owner: the application's own database role may only read those tables. Every function here:

- runs in one transaction and locks the member's account row first (then lots, by id);
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
from .dates import expiry_for, member_zone
from .errors import IdempotencyConflict, InsufficientPoints, InvalidPoints
from .events import PointsEarned, PointsSpent
from .jobs import settle_account
from .lock_objects import lock_account
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

    member: int
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
)
# The SQL functions (apps/ledger/sql/0018_*.sql): one statement per change.
EARN_SQL = """SELECT * FROM ledger_earn(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_rule => %(rule)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_available_at => %(available_at)s,
    p_expires_at => %(expires_at)s, p_lifetime => %(lifetime)s, p_event => %(event)s,
    p_settled => %(settled)s)"""
SPEND_SQL = """SELECT * FROM ledger_spend(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_event => %(event)s,
    p_settled => %(settled)s)"""
CLAWBACK_SQL = """SELECT * FROM ledger_clawback(
    p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s, p_reason => %(reason)s,
    p_source => %(source)s, p_actor => %(actor)s, p_key => %(key)s,
    p_fingerprint => %(fingerprint)s, p_now => %(now)s, p_settled => %(settled)s,
    p_take_short => %(take_short)s)"""
FORFEIT_SQL = """SELECT * FROM ledger_forfeit(
    p_member => %(member)s, p_kind => %(kind)s, p_reason => %(reason)s, p_source => %(source)s,
    p_key => %(key)s, p_fingerprint => %(fingerprint)s, p_now => %(now)s,
    p_settled => %(settled)s)"""


@dataclass(frozen=True)
class Statement:
    """An earn or spend as its SQL function call (``EARN_SQL`` or ``SPEND_SQL``) and arguments:
    what ``earn`` and ``spend`` run, and what callers that run it inside a statement of their
    own take (the API's idempotent points writes, ``integrations.idempotency``)."""

    arguments: LedgerArguments
    is_spend: bool

    @property
    def sql(self) -> str:
        return SPEND_SQL if self.is_spend else EARN_SQL

    @property
    def points(self) -> int:
        """The change to the balance: negative for a spend."""
        return -self.arguments["points"] if self.is_spend else self.arguments["points"]

    def entry(self, member: Member) -> LedgerEntry:
        """The entry this statement writes, as far as it is known before it runs (no id)."""
        arguments = self.arguments
        return LedgerEntry(
            account=PointsAccount(member=member),
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


def run(statement: Statement, *, member: Member) -> LedgerResult:
    """Run an earn or spend statement (``earn_statement``, ``spend_statement``,
    ``adjust_statement``): ``earn``, ``spend`` and ``adjust`` in two steps. Outside a
    transaction the common case is a single round trip to the database."""
    arguments = statement.arguments
    status, available, pending, entry = _settled_first(statement.sql, arguments, member)
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
    sql: str, arguments: LedgerArguments, member: Member
) -> tuple[str, int, int, LedgerEntry | None]:
    """Run a ledger function; if the account has something due, settle it (under the same lock,
    in one transaction) and run it again. Returns (status, available, pending, entry)."""
    outcome = _statement(sql, {**arguments, "settled": False})
    if outcome[0] == "due":
        with transaction.atomic():
            now = arguments["now"]
            settle_account(lock_account(member, now=now), as_of=now, now=now)
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


def _common(
    *,
    member: Member,
    points: int,
    kind: str,
    reason: str,
    source: str,
    actor: User | None,
    key: str,
    fingerprint: str,
) -> LedgerArguments:
    """The arguments every ledger function takes."""
    return {
        "member": member.pk,
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
    member: Member,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    available_at: datetime | None = None,
    expires_at: Expiry = DEFAULT_EXPIRY,
    actor: User | None = None,
    kind: EntryKind = EntryKind.EARN,
    rule: EarningRule | None = None,
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
    )
    return run(statement, member=member)


def earn_statement(
    *,
    member: Member,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    available_at: datetime | None = None,
    expires_at: Expiry = DEFAULT_EXPIRY,
    actor: User | None = None,
    kind: EntryKind = EntryKind.EARN,
    rule: EarningRule | None = None,
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
            earned_at=now, months=Programme.current().expiry_months, zone=member_zone(member)
        )
    arguments |= {
        "rule": rule.pk if rule is not None else None,
        "available_at": available_at or now,
        "expires_at": expires_at,
        "lifetime": kind == EntryKind.EARN,
        "event": PointsEarned.name if kind == EntryKind.EARN else None,
    }
    return Statement(arguments, is_spend=False)


def spend(
    *,
    member: Member,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    actor: User | None = None,
    kind: EntryKind = EntryKind.SPEND,
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
    )
    return run(statement, member=member)


def spend_statement(
    *,
    member: Member,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    actor: User | None = None,
    kind: EntryKind = EntryKind.SPEND,
) -> Statement:
    """``spend``'s statement, not yet run."""
    _check_points(points)
    fingerprint = _fingerprint(op="spend", points=points, reason=reason, source=source, kind=kind)
    arguments = _common(
        member=member,
        points=points,
        kind=kind,
        reason=reason,
        source=source,
        actor=actor,
        key=idempotency_key,
        fingerprint=fingerprint,
    )
    return Statement(arguments | {"event": PointsSpent.name}, is_spend=True)


def adjust(
    *,
    member: Member,
    points: int,
    reason: str,
    idempotency_key: str,
    actor: User | None,
    source: str = "",
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
    )
    return run(statement, member=member)


class _AdjustmentChange(TypedDict):
    """What an adjustment's earn or spend statement is built from, besides the points."""

    member: Member
    reason: str
    idempotency_key: str
    source: str
    actor: User | None
    kind: EntryKind


def adjust_statement(
    *,
    member: Member,
    points: int,
    reason: str,
    idempotency_key: str,
    actor: User | None,
    source: str = "",
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
    }
    if points > 0:
        return earn_statement(points=points, **change)
    return spend_statement(points=-points, **change)


@transaction.atomic
def clawback(
    *,
    member: Member,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str,
    actor: User | None = None,
) -> LedgerResult | None:
    """Take back up to ``points`` earned from ``source`` (e.g. a refunded order).

    The source's own lots go first (pending or available), then other available lots. What the
    member has already spent elsewhere cannot be taken without a negative balance, so the
    clawback stops at what there is (the entry's reason says so). Returns None if there was
    nothing to take. Raises ``InvalidPoints`` or ``IdempotencyConflict``.
    """
    _check_points(points)
    fingerprint = _fingerprint(op="clawback", points=points, reason=reason, source=source)
    arguments = _common(
        member=member,
        points=points,
        kind=EntryKind.CLAWBACK,
        reason=reason,
        source=source,
        actor=actor,
        key=idempotency_key,
        fingerprint=fingerprint,
    )
    outcome = _settled_first(CLAWBACK_SQL, arguments | {"take_short": False}, member)
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
    ``IdempotencyConflict``.
    """
    arguments = _common(
        member=member,
        points=0,
        kind=EntryKind.ADJUST,
        reason=reason,
        source="account-closed",
        actor=None,
        key=idempotency_key,
        fingerprint=_fingerprint(op="forfeit", reason=reason),
    )
    return _taken(_settled_first(FORFEIT_SQL, arguments, member))


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
    came from, with that lot's original expiry. Returns the restore entries (empty if none).
    """
    account = lock_account(member, now=timezone.now())
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
            kind=EntryKind.RESTORE,
        )
        results.append(result)
    return results
