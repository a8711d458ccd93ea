"""Fraud controls on staff adjustments: the approval threshold holds per staff member and
account over a rolling window (the sum, not each request), nobody adjusts their own account or
approves their own request, and two adjustments at once cannot both slip under the threshold."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction

from apps.ledger import services
from apps.ledger.adjustments import approve_adjustment, request_adjustment
from apps.ledger.errors import ApprovalRequired, OwnAccount
from apps.ledger.models import (
    AdjustmentRequest,
    AdjustmentStatus,
    LedgerEntry,
    PointsAccount,
    Programme,
)
from apps.ledger.selectors import balance
from tests.factories import MemberFactory, StaffFactory


def adjust(member, staff, points=10_000):
    return request_adjustment(member=member, points=points, reason="Goodwill", requested_by=staff)


@pytest.mark.django_db
def test_adjustments_by_one_staff_member_to_one_account_add_up_over_the_window(member, staff):
    first, second, third = (adjust(member, staff) for _ in range(3))

    assert first.status == AdjustmentStatus.APPLIED  # 10,000: at the default threshold
    assert second.status == third.status == AdjustmentStatus.AWAITING_APPROVAL
    assert balance(member).available == 10_000


@pytest.mark.django_db
def test_debits_count_too_and_other_staff_or_accounts_have_their_own_allowance(member, staff):
    adjust(member, staff, points=6_000)
    adjust(member, staff, points=-3_000)

    assert adjust(member, staff, points=2_000).status == AdjustmentStatus.AWAITING_APPROVAL
    assert adjust(member, StaffFactory(), points=9_000).status == AdjustmentStatus.APPLIED
    assert adjust(MemberFactory(), staff, points=9_000).status == AdjustmentStatus.APPLIED


@pytest.mark.django_db
def test_adjustments_older_than_the_window_or_approved_by_someone_else_do_not_count(member, staff):
    Programme.objects.update_or_create(pk=1, defaults={"adjustment_window_hours": 2})
    Programme.forget_cached()
    old = adjust(member, staff, points=8_000)
    AdjustmentRequest.objects.filter(pk=old.pk).update(
        created_at=old.created_at - timedelta(hours=2, minutes=1)
    )
    big = adjust(member, staff, points=9_000)
    assert big.status == AdjustmentStatus.APPLIED  # the 8,000 fell out of the 2-hour window
    waiting = adjust(member, staff, points=5_000)
    approve_adjustment(request=waiting, approver=StaffFactory())

    assert adjust(member, staff, points=1_000).status == AdjustmentStatus.APPLIED
    assert adjust(member, staff, points=1).status == AdjustmentStatus.AWAITING_APPROVAL


@pytest.mark.django_db
def test_nobody_adjusts_their_own_member_account(staff):
    own = MemberFactory(user=staff)

    with pytest.raises(OwnAccount):
        adjust(own, staff, points=5_000)
    with pytest.raises(OwnAccount):
        adjust(own, staff, points=1)

    assert not AdjustmentRequest.objects.exists()
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_nobody_approves_their_own_request_or_an_adjustment_of_their_own_account(member, staff):
    waiting = adjust(member, staff, points=20_000)
    colleague = StaffFactory()
    to_colleague = adjust(MemberFactory(user=colleague), staff, points=20_000)

    with pytest.raises(ApprovalRequired):
        approve_adjustment(request=waiting, approver=staff)
    with pytest.raises(OwnAccount):
        approve_adjustment(request=to_colleague, approver=colleague)

    assert AdjustmentRequest.objects.filter(status=AdjustmentStatus.APPLIED).count() == 0
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_adjustments_at_once_cannot_both_slip_under_the_threshold():
    """The first request holds its transaction open after its check; the second, started
    meanwhile, must wait and then count the first (without a lock it would see nothing)."""
    member, staff = MemberFactory(), StaffFactory()
    first_checked, release = threading.Event(), threading.Event()
    results, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                results["first"] = adjust(member, staff, points=6_000).status
                first_checked.set()
                release.wait(10)
        except Exception as error:  # reported below
            errors.append(error)
            first_checked.set()
        finally:
            connection.close()

    def second():
        try:
            first_checked.wait(10)
            results["second"] = adjust(member, staff, points=6_000).status
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_checked.wait(10)
    threads[1].join(1.5)  # the second runs its check now if nothing makes it wait
    release.set()
    for thread in threads:
        thread.join(20)

    assert not errors, errors
    assert results == {
        "first": AdjustmentStatus.APPLIED,
        "second": AdjustmentStatus.AWAITING_APPROVAL,
    }
    assert balance(member).available == 6_000


@pytest.mark.django_db
def test_the_admin_refuses_an_adjustment_of_the_staff_members_own_account(admin_client, admin_user):
    own = MemberFactory(user=admin_user)
    services.earn(member=own, points=1, reason="seed", idempotency_key="seed")
    account = PointsAccount.objects.get(member=own)

    response = admin_client.post(
        f"/admin/ledger/pointsaccount/{account.pk}/adjust/", {"points": "500", "reason": "For me"}
    )

    assert response.status_code == 200
    assert "Nobody adjusts their own points account" in response.content.decode()
    assert balance(own).available == 1
    assert not AdjustmentRequest.objects.exists()


@pytest.mark.django_db
def test_the_audit_list_shows_requester_and_approver_filters_and_exports(admin_client, member):
    alice = StaffFactory(email="alice@example.com")
    bob = StaffFactory(email="bob@example.com")
    adjust(member, alice, points=300)
    waiting = adjust(member, bob, points=20_000)
    approve_adjustment(request=waiting, approver=alice)
    request_adjustment(
        member=member, points=7, reason="=HYPERLINK(1)", requested_by=bob, reference="CRM-1"
    )
    bobs = f"requested_by__id__exact={bob.pk}"

    listing = admin_client.get("/admin/ledger/adjustmentrequest/")
    by_bob = admin_client.get(f"/admin/ledger/adjustmentrequest/?{bobs}")
    export = admin_client.get(f"/admin/ledger/adjustmentrequest/export/?{bobs}")

    page = listing.content.decode()
    assert "alice@example.com" in page and "bob@example.com" in page
    assert "/admin/ledger/adjustmentrequest/export/" in page
    assert [row.points for row in by_bob.context["cl"].result_list] == [7, 20_000]
    assert export["Content-Type"].startswith("text/csv")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("requested at,member,points,reason,status,requested by,API key")
    assert len(lines) == 3  # the header and bob's two, newest first
    assert ",7,'=HYPERLINK(1),Applied,bob@example.com,,CRM-1,," in lines[1]
    assert ",20000,Goodwill,Applied,bob@example.com,,,alice@example.com," in lines[2]
