"""The member's points in their data export (``apps.members.data_export``)."""

from typing import Any

from apps.members.data_export import row
from apps.members.extensions import data_export_section
from apps.members.models import Member

from .models import ExperimentAssignment, LedgerEntry
from .selectors import balance

ENTRIES = {"at": "created_at", "points": "points", "kind": "kind", "reason": "reason"}
# A/B tests the member is part of (docs/experiments.md); "rule" is the earning rule's name.
EXPERIMENTS = {"group": "group", "assigned_at": "assigned_at"}


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


@data_export_section.register_as("experiments")
def experiments(member: Member) -> list[dict[str, Any]]:
    """The A/B tests of earning rules the member is in, and their group."""
    assignments = (
        ExperimentAssignment.objects.filter(member=member)
        .select_related("experiment__rule")
        .order_by("assigned_at", "id")
    )
    return [
        {**row(assignment, EXPERIMENTS), "rule": assignment.experiment.rule.name}
        for assignment in assignments
    ]
