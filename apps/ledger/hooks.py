"""What the ledger plugs into the apps below (``apps.core.extensions``), loaded at start-up."""

from typing import Any

from django.db import connection
from django.utils import timezone

from apps.companies.extensions import company_merging
from apps.companies.models import Company
from apps.members.extensions import account_closing
from apps.members.models import Member

from . import (
    data_export,  # noqa: F401  (registers its export sections)
    reasons,
    services,
)
from .holders import company_holder
from .jobs import settle_account
from .lock_objects import lock_account_of
from .models import REASON_LENGTH, EntryKind, PointsAccount, PointsHold

MOVE_LOTS = """SELECT status, moved, out_entry, in_entry FROM ledger_move_lots(
    p_from => %(from)s, p_to => %(to)s, p_kind => %(kind)s, p_reason_out => %(reason_out)s,
    p_reason_in => %(reason_in)s, p_source => %(source)s, p_actor => %(actor)s,
    p_key => %(key)s, p_now => %(now)s)"""


@account_closing.register
def forfeit_points_of_closed_account(*, member: Member) -> None:
    """Every point, pending or available, goes in one entry when the member leaves."""
    services.forfeit_all(
        member=member,
        reason=reasons.written(reasons.ACCOUNT_DELETED),
        idempotency_key="account-closed",
    )


@company_merging.register_as("ledger")
def move_points_of_merged_company(
    *, merged: Company, survivor: Company, actor: Any
) -> dict[str, Any] | None:
    """The merged company's points go to the survivor's account: one entry on each account
    (kind "adjust", source ``company-merge:<merged id>``), every lot's remainder moved as a new
    lot with its availability and expiry (``ledger_move_lots``); its holds hold the survivor.
    Nothing when it has no account. Idempotent (the key is the merge's)."""
    if not PointsAccount.objects.filter(company=merged).exists():
        return None
    now = timezone.now()
    source = f"company-merge:{merged.pk}"
    # Both accounts locked (the merged one first: it exists; the survivor's may be created)
    # and brought up to date, so every moved lot is what it is now.
    for holder in (company_holder(merged), company_holder(survivor)):
        settle_account(lock_account_of(holder, now=now), as_of=now, now=now)
    source_account = PointsAccount.objects.get(company=merged)
    target = PointsAccount.objects.get(company=survivor)
    with connection.cursor() as cursor:
        cursor.execute(
            MOVE_LOTS,
            {
                "from": source_account.pk,
                "to": target.pk,
                "kind": EntryKind.ADJUST.value,
                "reason_out": services.fit(
                    reasons.written(reasons.MERGED_INTO, company=survivor.legal_name),
                    REASON_LENGTH,
                ),
                "reason_in": services.fit(
                    reasons.written(reasons.MERGED_FROM, company=merged.legal_name),
                    REASON_LENGTH,
                ),
                "source": source,
                "actor": getattr(actor, "pk", None),
                "key": f"{source}:into:{survivor.pk}",
                "now": now,
            },
        )
        _status, moved, out_entry, in_entry = cursor.fetchone()
    PointsHold.objects.filter(company=merged, lifted_at=None).update(company=survivor)
    return {"points": int(moved), "entries": [e for e in (out_entry, in_entry) if e]}
