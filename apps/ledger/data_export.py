"""The member's points in their data export (``apps.members.data_export``)."""

from typing import Any

from apps.members.data_export import row
from apps.members.extensions import data_export_section
from apps.members.models import Member

from .models import LedgerEntry
from .selectors import balance

ENTRIES = {"at": "created_at", "points": "points", "kind": "kind", "reason": "reason"}


@data_export_section.register_as("points")
def points(member: Member) -> dict[str, int]:
    current = balance(member)
    return {
        "available": current.available,
        "pending": current.pending,
        "lifetime_earned": current.lifetime_earned,
    }


@data_export_section.register_as("ledger")
def ledger(member: Member) -> list[dict[str, Any]]:
    entries = LedgerEntry.objects.filter(account__member=member).order_by("created_at", "id")
    return [row(entry, ENTRIES) for entry in entries]
