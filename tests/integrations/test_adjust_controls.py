"""API adjustments follow the staff rules: a key acts for the staff member who created it, so
their admin and API adjustments to one account share the approval threshold over the window,
and their own member account is out of bounds."""

import pytest

from apps.ledger.adjustments import request_adjustment
from apps.ledger.models import AdjustmentRequest, AdjustmentStatus, LedgerEntry
from apps.ledger.selectors import balance
from tests.factories import MemberFactory, StaffFactory

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def adjust(client, member, points, key):
    return client.post(
        f"/api/v1/members/{member.pk}/points/adjust/",
        {"points": points, "reason": "Goodwill", "reference": "CRM-9"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_staff_members_admin_and_api_adjustments_share_the_threshold(
    make_key, client_for, member
):
    staff = StaffFactory()
    api = client_for(make_key(created_by=staff).key)
    request_adjustment(member=member, points=8_000, reason="Admin", requested_by=staff)

    small = adjust(api, member, 1_500, key="a")
    over = adjust(api, member, 1_000, key="b")

    assert small.status_code == 201, small.content
    assert_error(over, 409, "approval_required")
    assert balance(member).available == 9_500
    via_api = AdjustmentRequest.objects.get(api_key_prefix__gt="")
    assert (via_api.requested_by, via_api.points, via_api.reference) == (staff, 1_500, "CRM-9")
    assert via_api.status == AdjustmentStatus.APPLIED
    assert AdjustmentRequest.objects.count() == 2  # the refused one left nothing behind


def test_another_staff_members_key_has_its_own_allowance(make_key, client_for, member):
    request_adjustment(member=member, points=8_000, reason="Admin", requested_by=StaffFactory())

    response = adjust(client_for(make_key(created_by=StaffFactory()).key), member, 9_000, "a")

    assert response.status_code == 201, response.content


def test_a_key_cannot_adjust_the_account_of_the_staff_member_who_created_it(make_key, client_for):
    staff = StaffFactory()
    own = MemberFactory(user=staff)

    response = adjust(client_for(make_key(created_by=staff).key), own, 100, key="a")

    assert_error(response, 403, "own_account")
    assert not LedgerEntry.objects.exists()
    assert not AdjustmentRequest.objects.exists()


def test_a_key_no_staff_member_created_has_a_window_of_its_own(make_key, client_for, member):
    first, second = make_key(), make_key()

    one = adjust(client_for(first.key), member, 6_000, key="a")
    two = adjust(client_for(first.key), member, 6_000, key="b")
    other = adjust(client_for(second.key), member, 6_000, key="a")

    assert (one.status_code, other.status_code) == (201, 201)
    assert_error(two, 409, "approval_required")
    assert balance(member).available == 12_000
