"""The member's points in their data export (``apps.members.data_export``)."""

from typing import Any

from apps.members.data_export import register_section, row
from apps.members.models import Member

from .models import LedgerEntry
from .selectors import balance

ENTRIES = {"at": "created_at", "points": "points", "kind": "kind", "reason": "reason"}


@register_section("points")
def points(member: Member) -> dict[str, int]:
    current = balance(member)
    return {
        "available": current.available,
        "pending": current.pending,
        "lifetime_earned": current.lifetime_earned,
    }


@register_section("ledger")
def ledger(member: Member) -> list[dict[str, Any]]:
    entries = LedgerEntry.objects.filter(account__member=member).order_by("created_at", "id")
    return [row(entry, ENTRIES) for entry in entries]
