"""The one way points change: earn, spend, adjust, claw back, restore (expiry: ``jobs.py``).

Every function here:

- runs in one transaction and locks the member's account row first (then lots, by id);
- brings the account up to date first (releases and expires what is due), so balances and lots
  agree with the clock before anything is decided;
- is idempotent on ``idempotency_key``: the same key with the same arguments returns the first
  entry again with no second effect; the same key with different arguments raises
  ``IdempotencyConflict``;
- never lets a balance or a lot go below zero (and the database would refuse it anyway).

``earn`` and ``spend``, the hot path, are one SQL statement each (the functions of migration
0010); the others use the ORM helpers below. ``earn_statement``, ``spend_statement`` and
``adjust_statement`` prepare such a statement without running it, for ``run`` or for a caller
that runs it inside a statement of its own (the API's points writes).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
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
    EntryKind,
    LedgerEntry,
    LotMovement,
    PointsAccount,
    PointsLot,
    Programme,
)

DEFAULT_EXPIRY = object()  # "the programme's expiry", as opposed to None ("never")


@dataclass(frozen=True)
class LedgerResult:
    entry: LedgerEntry
    replayed: bool  # True when the idempotency key had been used already
    # The account's balances right after (earn and spend, and adjust through them; None from
    # the other changes, which do not read them).
    available: int | None = None
    pending: int | None = None


def _fingerprint(**arguments) -> str:
    canonical = json.dumps(arguments, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_points(points: int) -> None:
    if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
        raise InvalidPoints()


def _begin(member, key: str, fingerprint: str, now: datetime):
    """Lock and settle the account; return (account, earlier entry for this key or None)."""
    account = lock_account(member)
    earlier = LedgerEntry.objects.filter(account=account, idempotency_key=key).first()
    if earlier is not None:
        if earlier.fingerprint != fingerprint:
            raise IdempotencyConflict()
        return account, earlier
    settle_account(account, as_of=now, now=now)
    return account, None


def _entry(account, *, points, kind, reason, source, actor, key, fingerprint, now, rule=None):
    return LedgerEntry.objects.create(
        rule=rule,
        account=account,
        points=points,
        kind=kind,
        reason=reason[:300],
        source=source[:100],
        actor=actor,
        idempotency_key=key,
        fingerprint=fingerprint,
        created_at=now,
    )


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
# SQL functions (migration 0010): one statement per earn or spend, in the caller's transaction.
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


@dataclass(frozen=True)
class Statement:
    """An earn or spend as its SQL function call (``EARN_SQL`` or ``SPEND_SQL``) and arguments:
    what ``earn`` and ``spend`` run, and what callers that run it inside a statement of their
    own take (the API's idempotent points writes, ``integrations.idempotency``)."""

    arguments: dict
    is_spend: bool

    @property
    def sql(self) -> str:
        return SPEND_SQL if self.is_spend else EARN_SQL

    @property
    def points(self) -> int:
        """The change to the balance: negative for a spend."""
        return -self.arguments["points"] if self.is_spend else self.arguments["points"]

    def entry(self, member) -> LedgerEntry:
        """The entry this statement writes, as far as it is known before it runs (no id)."""
        arguments = self.arguments
        return LedgerEntry(
            account=PointsAccount(member=member),
            points=self.points,
            kind=arguments["kind"],
            reason=arguments["reason"][:300],
            source=arguments["source"][:100],
            actor_id=arguments["actor"],
            idempotency_key=arguments["key"],
            fingerprint=arguments["fingerprint"],
            created_at=arguments["now"],
        )

    def announce(self) -> None:
        """Once committed, make sure the event the statement wrote to the outbox is delivered."""
        if self.arguments["event"]:
            outbox.request_delivery()


def run(statement: Statement, *, member) -> LedgerResult:
    """Run an earn or spend statement (``earn_statement``, ``spend_statement``,
    ``adjust_statement``): ``earn``, ``spend`` and ``adjust`` in two steps. If the account has
    something due, settle it (under the same lock, in one transaction) and run the statement
    again. Outside a transaction the common case is a single round trip to the database."""
    sql, arguments = statement.sql, statement.arguments
    status, available, pending, entry = _statement(sql, {**arguments, "settled": False})
    if status == "due":
        with transaction.atomic():
            now = arguments["now"]
            settle_account(lock_account(member), as_of=now, now=now)
            status, available, pending, entry = _statement(sql, {**arguments, "settled": True})
    if status == "conflict":
        raise IdempotencyConflict()
    if status == "insufficient":
        requested = arguments["points"]
        raise InsufficientPoints(
            InsufficientPoints.default_message % {"available": available, "requested": requested},
            available=available,
            requested=requested,
        )
    if status == "done":
        statement.announce()  # the event is in the outbox already
    return LedgerResult(entry, status == "replayed", available, pending)


def _statement(sql: str, arguments: dict) -> tuple[str, int, int, LedgerEntry | None]:
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        status, available, pending, *values = cursor.fetchone()
    if values[0] is None:
        return status, available, pending, None
    entry = LedgerEntry.from_db(connection.alias, ENTRY_COLUMNS, values)
    return status, available, pending, entry


def _common(member, points, kind, reason, source, actor, key, fingerprint) -> dict:
    """The arguments earn and spend statements share."""
    return {
        "member": member.pk,
        "points": points,
        "kind": kind,
        "reason": reason,
        "source": source,
        "actor": actor.pk if actor is not None else None,
        "key": key,
        "fingerprint": fingerprint,
    }


def earn(*, member, **arguments) -> LedgerResult:
    """Credit points as a new lot (arguments: ``earn_statement``). Raises ``InvalidPoints`` or
    ``IdempotencyConflict``."""
    return run(earn_statement(member=member, **arguments), member=member)


def earn_statement(
    *,
    member,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    available_at: datetime | None = None,
    expires_at=DEFAULT_EXPIRY,
    actor=None,
    kind: str = EntryKind.EARN,
    rule=None,
) -> Statement:
    """``earn``'s statement: credit ``points`` as a new lot, pending until ``available_at``
    (default: at once), expiring at ``expires_at`` (default: the programme's expiry in the
    member's calendar; ``None``: never)."""
    _check_points(points)
    now = timezone.now()
    fingerprint = _fingerprint(
        op="earn",
        points=points,
        reason=reason,
        source=source,
        available_at=available_at,
        kind=kind,
        expires_at=None if expires_at is DEFAULT_EXPIRY else expires_at,
    )
    if expires_at is DEFAULT_EXPIRY:
        expires_at = expiry_for(
            earned_at=now, months=Programme.current().expiry_months, zone=member_zone(member)
        )
    return Statement(
        {
            **_common(member, points, kind, reason, source, actor, idempotency_key, fingerprint),
            "now": now,
            "rule": rule.pk if rule is not None else None,
            "available_at": available_at or now,
            "expires_at": expires_at,
            "lifetime": kind == EntryKind.EARN,
            "event": PointsEarned.name if kind == EntryKind.EARN else None,
        },
        is_spend=False,
    )


def _take_from_lots(account, entry, points: int, lots) -> int:
    """Take up to ``points`` from ``lots`` in order; returns how many were taken."""
    taken = 0
    for lot in lots:
        if taken == points:
            break
        portion = min(lot.remaining, points - taken)
        if portion <= 0:
            continue
        PointsLot.objects.filter(pk=lot.pk).update(remaining=F("remaining") - portion)
        LotMovement.objects.create(entry=entry, lot=lot, points=-portion)
        bucket = "available" if lot.released else "pending"
        PointsAccount.objects.filter(pk=account.pk).update(**{bucket: F(bucket) - portion})
        taken += portion
    return taken


SPEND_ORDER = (F("expires_at").asc(nulls_last=True), "id")


def _spendable_lots(account, points: int, *, exclude_source: str | None = None) -> list[PointsLot]:
    """Locked available lots that cover ``points`` (or all there are), soonest expiry first
    (never-expiring last), then oldest. Read a few at a time along the spend-order index, so a
    spend costs the same whether the member has ten lots or ten thousand.
    """
    lots = (
        PointsLot.objects.select_for_update()
        .filter(account=account, released=True, remaining__gt=0)
        .order_by(*SPEND_ORDER)
    )
    if exclude_source is not None:
        lots = lots.exclude(source=exclude_source)
    chosen, total, offset, batch = [], 0, 0, 8
    while total < points:
        chunk = list(lots[offset : offset + batch])
        for lot in chunk:
            chosen.append(lot)
            total += lot.remaining
            if total >= points:
                break
        if len(chunk) < batch:
            break
        offset, batch = offset + batch, batch * 4
    return chosen


def spend(*, member, **arguments) -> LedgerResult:
    """Debit points from available lots, soonest-expiring first (arguments:
    ``spend_statement``). Raises ``InsufficientPoints`` (nothing changes), ``InvalidPoints`` or
    ``IdempotencyConflict``."""
    return run(spend_statement(member=member, **arguments), member=member)


def spend_statement(
    *,
    member,
    points: int,
    reason: str,
    idempotency_key: str,
    source: str = "",
    actor=None,
    kind: str = EntryKind.SPEND,
) -> Statement:
    """``spend``'s statement: debit ``points`` from available lots, soonest-expiring first."""
    _check_points(points)
    fingerprint = _fingerprint(op="spend", points=points, reason=reason, source=source, kind=kind)
    return Statement(
        {
            **_common(member, points, kind, reason, source, actor, idempotency_key, fingerprint),
            "now": timezone.now(),
            "event": PointsSpent.name,
        },
        is_spend=True,
    )


@transaction.atomic
def clawback(
    *, member, points: int, reason: str, idempotency_key: str, source: str, actor=None
) -> LedgerResult | None:
    """Take back up to ``points`` earned from ``source`` (e.g. a refunded order).

    The source's own lots go first (pending or available), then other available lots. What the
    member has already spent elsewhere cannot be taken without a negative balance, so the
    clawback stops at what there is (the entry's reason says so). Returns None if there was
    nothing to take.
    """
    _check_points(points)
    now = timezone.now()
    fingerprint = _fingerprint(op="clawback", points=points, reason=reason, source=source)
    account, earlier = _begin(member, idempotency_key, fingerprint, now)
    if earlier is not None:
        return LedgerResult(earlier, replayed=True)
    own = list(
        PointsLot.objects.select_for_update()
        .filter(account=account, source=source, remaining__gt=0)
        .order_by("id")
    )
    owed = max(points - sum(lot.remaining for lot in own), 0)
    others = _spendable_lots(account, owed, exclude_source=source) if owed else []
    available = sum(lot.remaining for lot in own + others)
    amount = min(points, available)
    if amount == 0:
        return None
    if amount < points:
        reason = f"{reason} " + reasons.written(reasons.NOT_TAKEN_BACK, missing=points - amount)
    entry = _entry(
        account,
        points=-amount,
        kind=EntryKind.CLAWBACK,
        reason=reason,
        source=source,
        actor=actor,
        key=idempotency_key,
        fingerprint=fingerprint,
        now=now,
    )
    _take_from_lots(account, entry, amount, own + others)
    return LedgerResult(entry, replayed=False)


@transaction.atomic
def forfeit_all(*, member, reason: str, idempotency_key: str) -> LedgerResult | None:
    """Close the member's balance: every lot's remainder, pending or available, goes in one
    entry (kind "adjust", source "account-closed"), so a closed account owes nothing and no
    pending lot is released later. Returns None if there was nothing to take.
    """
    now = timezone.now()
    fingerprint = _fingerprint(op="forfeit", reason=reason)
    account, earlier = _begin(member, idempotency_key, fingerprint, now)
    if earlier is not None:
        return LedgerResult(earlier, replayed=True)
    lots = list(
        PointsLot.objects.select_for_update()
        .filter(account=account, remaining__gt=0)
        .order_by("id")
    )
    total = sum(lot.remaining for lot in lots)
    if total == 0:
        return None
    entry = _entry(
        account,
        points=-total,
        kind=EntryKind.ADJUST,
        reason=reason,
        source="account-closed",
        actor=None,
        key=idempotency_key,
        fingerprint=fingerprint,
        now=now,
    )
    _take_from_lots(account, entry, total, lots)
    return LedgerResult(entry, replayed=False)


@transaction.atomic
def restore(
    *, member, source: str, reason: str, idempotency_key: str, actor=None
) -> list[LedgerResult]:
    """Give back points spent for ``source`` (e.g. a cancelled order): one new lot per lot they
    came from, with that lot's original expiry. Returns the restore entries (empty if none).
    """
    account = lock_account(member)
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


def adjust(*, member, **arguments) -> LedgerResult:
    """A staff correction (arguments: ``adjust_statement``): positive ``points`` credit a new
    lot, negative ones debit FIFO.

    Adjustments larger than the programme's approval threshold go through
    ``adjustments.request_adjustment`` instead (a second approver).
    """
    return run(adjust_statement(member=member, **arguments), member=member)


def adjust_statement(
    *, member, points: int, reason: str, idempotency_key: str, actor, source: str = ""
) -> Statement:
    """``adjust``'s statement. Needs a reason and a staff ``actor`` (or a ``source``: an
    integration's correction has no actor)."""
    if not reason.strip():
        raise InvalidPoints(_("An adjustment needs a reason."))
    if not isinstance(points, int) or isinstance(points, bool) or points == 0:
        raise InvalidPoints()
    source = source or f"staff:{actor.pk}"
    arguments = {
        "member": member,
        "reason": reason,
        "idempotency_key": idempotency_key,
        "source": source,
        "actor": actor,
        "kind": EntryKind.ADJUST,
    }
    if points > 0:
        return earn_statement(points=points, **arguments)
    return spend_statement(points=-points, **arguments)
