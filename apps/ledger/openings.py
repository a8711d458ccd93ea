"""Opening balances: the points members bring from the programme the merchant used before
(``backoffice``'s member import).

Each member's opening points are one entry of kind ``import`` and one lot with the expiry the
previous programme gave them, written by the ledger's own ``ledger_earn`` function (its lock,
idempotency and checks), for a whole batch of members in one statement. A member has at most
one opening balance: the idempotency key is the same for every import, so importing a file
again changes nothing, and a later file that gives the member other points is refused
(``conflict``) rather than adding to the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from django.db import connection

from .errors import IdempotencyConflict
from .holders import Holder
from .models import EntryKind
from .reasons import OPENING_BALANCE
from .services import DEFAULT_EXPIRY, Expiry, Statement, earn_statement, run

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.members.models import Member

OPENING_KEY = "import:opening-balance"
SOURCE = "import"
Outcome = Literal["done", "replayed", "conflict"]

# ledger_earn (apps/ledger/sql/0019_earn_spend.sql) once per row of the arrays, in one round
# trip; the rows come sorted by member, so concurrent batches lock accounts in the same order.
OPEN_SQL = """
SELECT r.status FROM unnest(
    %(member)s::bigint[], %(points)s::bigint[], %(reason)s::text[], %(key)s::text[],
    %(fingerprint)s::text[], %(now)s::timestamptz[], %(expires_at)s::timestamptz[]
) WITH ORDINALITY AS a (member, points, reason, key, fingerprint, now, expires_at, position)
CROSS JOIN LATERAL ledger_earn(
    p_member => a.member, p_points => a.points, p_kind => %(kind)s, p_reason => a.reason,
    p_source => %(source)s, p_actor => %(actor)s, p_rule => NULL, p_key => a.key,
    p_fingerprint => a.fingerprint, p_now => a.now, p_available_at => a.now,
    p_expires_at => a.expires_at, p_lifetime => false, p_event => NULL, p_settled => false
) AS r
ORDER BY a.position"""
ARRAYS = ("member", "points", "reason", "key", "fingerprint", "now", "expires_at")


@dataclass(frozen=True)
class OpeningBalance:
    member: Member
    points: int
    expires_at: Expiry = DEFAULT_EXPIRY  # a moment, None (never), or the programme's default


def opening_statement(opening: OpeningBalance, *, actor: User | None = None) -> Statement:
    """The ``import`` entry of ``opening``, not yet run (raises ``InvalidPoints``)."""
    return earn_statement(
        member=opening.member,
        points=opening.points,
        reason=OPENING_BALANCE,
        idempotency_key=OPENING_KEY,
        source=SOURCE,
        expires_at=opening.expires_at,
        actor=actor,
        kind=EntryKind.IMPORT,
        holder=Holder(opening.member.pk),  # a member's balance from another programme
    )


def open_balances(
    *, openings: Sequence[OpeningBalance], actor: User | None = None
) -> dict[int, Outcome]:
    """Credit each member's opening points (one ``import`` entry and lot each, available at
    once, not counted as earned in the programme), in the caller's transaction. Returns each
    member id's outcome: ``done``, ``replayed`` (the same opening was written before: nothing
    changes) or ``conflict`` (the member has an opening balance with other points or expiry:
    nothing changes). Raises ``InvalidPoints`` for points that are not a positive integer."""
    statements = sorted(
        (opening_statement(opening, actor=actor) for opening in openings),
        key=_member_id,
    )
    if not statements:
        return {}
    arrays = {name: [s.arguments[name] for s in statements] for name in ARRAYS}  # type: ignore[literal-required]
    with connection.cursor() as cursor:
        cursor.execute(
            OPEN_SQL,
            {
                **arrays,
                "kind": EntryKind.IMPORT,
                "source": SOURCE,
                "actor": actor.pk if actor is not None else None,
            },
        )
        statuses: list[str] = [status for (status,) in cursor.fetchall()]
    outcomes: dict[int, Outcome] = {}
    for statement, status, opening in zip(
        statements, statuses, _by_member(openings, statements), strict=True
    ):
        member_id = _member_id(statement)
        if status == "due":  # something to release or expire first: the one-by-one path
            outcomes[member_id] = _run_settled(statement, opening.member)
        else:
            outcomes[member_id] = cast("Outcome", status)
    return outcomes


def _by_member(
    openings: Sequence[OpeningBalance], statements: list[Statement]
) -> list[OpeningBalance]:
    members = {opening.member.pk: opening for opening in openings}
    return [members[_member_id(statement)] for statement in statements]


def _member_id(statement: Statement) -> int:
    member_id = statement.arguments["member"]
    if member_id is None:  # an opening always names its member
        raise TypeError("an opening balance needs a member")
    return member_id


def _run_settled(statement: Statement, member: Member) -> Outcome:
    try:
        result = run(statement, member=member)
    except IdempotencyConflict:
        return "conflict"
    return "replayed" if result.replayed else "done"
