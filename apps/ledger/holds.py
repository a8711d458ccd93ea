"""Holding a member's pending points (a fraud alert under review, ``apps/risk``).

While a member has a hold that is not lifted, the release job and every settling of their
account leave their pending lots pending (``ledger_release_due``,
``apps/ledger/sql/0022_release_skips_held.sql``); what is available stays available and can be
spent. Lifting the last hold releases what is due at once. Holds are per source, so the same
alert holding twice is one hold, and two alerts on one member release only when both are lifted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .holders import Holder, holder_of
from .jobs import settle_account
from .lock_objects import lock_account_of
from .models import PointsHold, PointsLot
from .services import LedgerResult, clawback

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.members.models import Member


def hold_pending_points(*, member: Member, source: str, reason: str = "") -> PointsHold:
    """Hold the member's pending points for ``source`` (idempotent: the existing hold for that
    source is returned as it is, lifted or not). When the member's points go to their
    company's account (``holders.holder_of``), the hold holds that account."""
    company_id = holder_of(member).company_id
    hold, _created = PointsHold.objects.get_or_create(
        member=member, source=source, defaults={"reason": reason, "company_id": company_id}
    )
    return hold


@transaction.atomic
def lift_points_hold(*, member: Member, source: str, actor: User | None = None) -> bool:
    """Lift the member's hold for ``source``; if no other hold remains, release the pending
    points that are due now (under the account's lock). Returns True if a hold was lifted
    (False: none, or lifted already)."""
    now = timezone.now()
    held = PointsHold.objects.filter(member=member, source=source, lifted_at=None)
    companies = {company for company in held.values_list("company_id", flat=True) if company}
    lifted = held.update(lifted_at=now, lifted_by=actor)
    if lifted and not is_held(member):
        settle_account(lock_account_of(Holder(member.pk), now=now), as_of=now, now=now)
    for company_id in companies:
        if not PointsHold.objects.filter(company_id=company_id, lifted_at=None).exists():
            holder = Holder(None, company_id)
            settle_account(lock_account_of(holder, now=now), as_of=now, now=now)
    return bool(lifted)


def is_held(member: Member) -> bool:
    return PointsHold.objects.filter(member=member, lifted_at=None).exists()


def held_member_ids(member_ids: Iterable[int]) -> set[int]:
    """Which of these members have a hold not lifted (one query)."""
    return set(
        PointsHold.objects.filter(member_id__in=list(member_ids), lifted_at=None).values_list(
            "member_id", flat=True
        )
    )


@transaction.atomic
def claw_back_pending_points(
    *, member: Member, reason: str, idempotency_key: str, actor: User | None = None
) -> list[LedgerResult]:
    """Take back what the member still has pending, source by source, with the ledger's
    clawback (the source's own lots go first, so available points are not touched while the
    pending lots cover it). Idempotent per ``idempotency_key`` and source. Meant for a held
    member (a confirmed fraud alert): without a hold, lots that are due would be released
    first and stay."""
    holder = holder_of(member)
    # On a company's account, only what this member earned there.
    mine = (
        Q(account__company_id=holder.company_id, entry__member=member)
        if holder.is_company
        else Q(account__member=member)
    )
    pending = (
        PointsLot.objects.filter(mine, released=False, remaining__gt=0, source__gt="")
        .values("source")
        .annotate(points=Sum("remaining"))
        .order_by("source")
    )
    results = []
    for row in pending:
        result = clawback(
            member=member,
            points=row["points"],
            reason=reason,
            idempotency_key=f"{idempotency_key}:{row['source']}",
            source=row["source"],
            actor=actor,
            holder=holder,
        )
        if result is not None:
            results.append(result)
    return results
