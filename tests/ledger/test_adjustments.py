"""Staff adjustments: audited, with a reason; large ones need a second person."""

import pytest

from apps.ledger import services
from apps.ledger.adjustments import approve_adjustment, request_adjustment
from apps.ledger.errors import ApprovalRequired, InsufficientPoints, InvalidPoints
from apps.ledger.models import AdjustmentStatus, EntryKind, LedgerEntry, Programme
from apps.ledger.selectors import balance
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_a_small_adjustment_applies_at_once_and_records_who_and_why(member, staff):
    adjustment = request_adjustment(
        member=member, points=250, reason="Goodwill: late delivery", requested_by=staff
    )

    entry = LedgerEntry.objects.get()
    assert adjustment.status == AdjustmentStatus.APPLIED
    assert (entry.kind, entry.points, entry.actor, entry.reason) == (
        EntryKind.ADJUST,
        250,
        staff,
        "Goodwill: late delivery",
    )
    assert balance(member).available == 250


def test_a_large_adjustment_waits_for_a_second_staff_member(member, staff):
    Programme.objects.update_or_create(pk=1, defaults={"adjustment_approval_threshold": 1000})
    adjustment = request_adjustment(
        member=member, points=5000, reason="Migration from old CRM", requested_by=staff
    )
    assert adjustment.status == AdjustmentStatus.AWAITING_APPROVAL
    assert balance(member).available == 0

    with pytest.raises(ApprovalRequired):
        approve_adjustment(request=adjustment, approver=staff)
    approved = approve_adjustment(request=adjustment, approver=StaffFactory())

    assert approved.status == AdjustmentStatus.APPLIED
    assert balance(member).available == 5000


def test_a_debit_cannot_take_the_balance_below_zero(member, staff):
    services.earn(member=member, points=100, reason="seed", idempotency_key="seed")

    with pytest.raises(InsufficientPoints):
        request_adjustment(member=member, points=-150, reason="Correction", requested_by=staff)

    assert balance(member).available == 100


def test_an_adjustment_needs_a_reason(member, staff):
    with pytest.raises(InvalidPoints):
        request_adjustment(member=member, points=10, reason="  ", requested_by=staff)


def test_an_adjustment_without_a_staff_member_or_a_source_is_refused_and_writes_nothing(member):
    """The contract: a staff ``actor`` or a ``source`` (an integration's correction). Without
    both it failed on ``None.pk`` (found by mypy)."""
    with pytest.raises(TypeError, match="a staff actor or a source"):
        services.adjust(
            member=member, points=10, reason="Correction", idempotency_key="k", actor=None
        )

    assert not LedgerEntry.objects.exists()


def test_adjusting_from_the_admin_and_the_liability_summary(admin_client, member):
    services.earn(member=member, points=2000, reason="seed", idempotency_key="seed")
    account = member.points_account

    response = admin_client.post(
        f"/admin/ledger/pointsaccount/{account.pk}/adjust/",
        {"points": "-300", "reason": "Duplicate order"},
    )
    listing = admin_client.get("/admin/ledger/pointsaccount/").content.decode()

    assert response.status_code == 302
    assert balance(member).available == 1700
    assert "1700 points outstanding" in listing
    assert "$17.00" in listing  # 1,700 points at 100 points per USD
