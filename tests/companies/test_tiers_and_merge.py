"""The company's tier (its buyers' combined spend, when the company earns) and merging
duplicate companies (members, points and holds move; nothing lost; audited)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.companies import services as companies
from apps.companies.errors import InvalidMerge
from apps.companies.models import CompanyMember, CompanyMerge
from apps.ledger import holds, services
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount, PointsHold, PointsLot
from apps.ledger.selectors import discrepancies
from apps.orders.services import mark_paid
from apps.tiers.models import Tier, TierChange
from apps.tiers.selectors import member_tier, points_and_tier, tier_progress
from apps.tiers.services import reevaluate_all
from tests.factories import MemberFactory, StaffFactory, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    Tier.objects.create(name_en="Member", rank=0)
    silver = Tier.objects.create(
        name_en="Silver", rank=1, qualifying_spend=Decimal("1000"), discount_percent=Decimal("5")
    )
    return silver


def buy(member, amount, capture):
    order = make_order(member=member, lines=[(Decimal(amount), 1)])
    with capture(execute=True):
        mark_paid(order=order, amount=order.total, actor_label="test")
    return order


def test_the_companys_spend_decides_the_tier_of_all_its_buyers(
    company_earns, company, buyers, tiers, django_capture_on_commit_callbacks
):
    first, second = buyers
    buy(first, "600.00", django_capture_on_commit_callbacks)
    assert member_tier(first).name == "Member"
    buy(second, "500.00", django_capture_on_commit_callbacks)  # 1,100 together

    assert member_tier(first) == tiers and member_tier(second) == tiers
    progress = tier_progress(first, currency="USD")
    assert progress.spend == Decimal("1100.00")
    # Points went to the company, attributed to each buyer.
    account = PointsAccount.objects.get(company=company)
    earners = set(
        LedgerEntry.objects.filter(account=account, kind=EntryKind.EARN).values_list(
            "member_id", flat=True
        )
    )
    assert earners == {first.pk, second.pk}
    summary = points_and_tier(first.pk)
    assert summary.holder.company_id == company.pk
    assert summary.balance.pending == account.pending


def test_a_buyer_who_leaves_gets_their_own_tier_back_at_once(
    company_earns, company, buyers, tiers, django_capture_on_commit_callbacks
):
    first, second = buyers
    buy(first, "1100.00", django_capture_on_commit_callbacks)
    assert member_tier(second) == tiers  # the company's Silver

    with django_capture_on_commit_callbacks(execute=True):
        companies.remove_member(company=company, member_id=second.pk)

    # Their own spend (none) decides at once: no grace period, no wait for the re-evaluation.
    assert member_tier(second).name == "Member"
    change = TierChange.objects.filter(member=second).latest("id")
    assert (change.from_tier, change.reason) == (tiers, "Left the company")
    assert member_tier(first) == tiers


def test_each_buyer_alone_does_not_reach_the_tier_when_each_buyer_earns(
    company, buyers, tiers, django_capture_on_commit_callbacks
):
    first, second = buyers
    buy(first, "600.00", django_capture_on_commit_callbacks)
    buy(second, "500.00", django_capture_on_commit_callbacks)
    assert member_tier(first).name == member_tier(second).name == "Member"


def test_the_reevaluation_gives_every_buyer_the_companys_tier(
    company_earns, company, buyers, tiers, django_capture_on_commit_callbacks
):
    first, second = buyers
    order = make_order(member=first, lines=[(Decimal("1200.00"), 1)])
    mark_paid(order=order, amount=order.total, actor_label="test")  # no subscriber run
    newcomer = MemberFactory()
    companies.add_member(company=company, member=newcomer)

    # Batches of one member: each buyer's figures are still the whole company's.
    reevaluate_all(as_of=timezone.now(), batch=1)

    assert {member_tier(m) for m in (first, second, newcomer)} == {tiers}


def test_a_buyer_joining_gets_the_companys_tier(
    company_earns, company, buyers, tiers, django_capture_on_commit_callbacks
):
    first, _second = buyers
    buy(first, "1200.00", django_capture_on_commit_callbacks)
    newcomer = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        companies.add_member(company=company, member=newcomer)
    assert member_tier(newcomer) == tiers


def test_merging_moves_members_and_points_with_their_expiry_audited(company_earns, buyers):
    first, _second = buyers
    duplicate = companies.create_company(legal_name="Mueller Import", country="DE")
    third = MemberFactory()
    companies.add_member(company=duplicate, member=third)
    expiry = timezone.now() + timedelta(days=100)
    pending_until = timezone.now() + timedelta(days=10)
    services.earn(member=third, points=70, reason="a", idempotency_key="a", expires_at=expiry)
    services.earn(
        member=third, points=30, reason="b", idempotency_key="b", available_at=pending_until
    )
    services.earn(member=first, points=5, reason="c", idempotency_key="c")
    holds.hold_pending_points(member=third, source="risk-alert:7")
    survivor = first.company_membership.company
    staff = StaffFactory()

    merge = companies.merge_companies(merged=duplicate, survivor=survivor, actor=staff)

    assert merge.members_moved == 1 and merge.merged_by == staff
    assert merge.details["ledger"]["points"] == 100
    assert CompanyMember.objects.get(member=third).company == survivor
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    old = PointsAccount.objects.get(company=duplicate)
    new = PointsAccount.objects.get(company=survivor)
    assert (old.available, old.pending) == (0, 0)
    assert (new.available, new.pending) == (75, 30)
    assert new.lifetime_earned == 105
    # One entry on each account; the moved lots keep their expiry and availability.
    assert (
        LedgerEntry.objects.filter(account=old, source=f"company-merge:{duplicate.pk}").count() == 1
    )
    assert (
        LedgerEntry.objects.filter(account=new, source=f"company-merge:{duplicate.pk}").count() == 1
    )
    moved = PointsLot.objects.filter(account=new, source="").exclude(
        entry__idempotency_key__startswith="member:"
    )
    assert sorted((lot.remaining, lot.expires_at == expiry) for lot in moved)[-1] == (70, True)
    assert PointsLot.objects.get(account=new, remaining=30).available_at == pending_until
    assert discrepancies(old) == [] and discrepancies(new) == []
    assert PointsHold.objects.get(source="risk-alert:7").company == survivor
    # The merged company's buyer now earns on the survivor's account.
    services.earn(member=third, points=1, reason="d", idempotency_key="d")
    new.refresh_from_db()
    assert new.available == 76


def test_a_company_cannot_be_merged_twice_or_into_itself(company):
    other = companies.create_company(legal_name="Other", country="FR")
    with pytest.raises(InvalidMerge):
        companies.merge_companies(merged=company, survivor=company, actor=None)
    companies.merge_companies(merged=other, survivor=company, actor=None)
    with pytest.raises(InvalidMerge):
        companies.merge_companies(merged=other, survivor=company, actor=None)
    assert CompanyMerge.objects.count() == 1


def test_staff_merge_in_the_admin(admin_client, company):
    other = companies.create_company(legal_name="Dup", country="FR")
    response = admin_client.post(
        "/admin/companies/companymerge/add/", {"merged": other.pk, "survivor": company.pk}
    )
    assert response.status_code == 302, response.content
    merge = CompanyMerge.objects.get()
    assert merge.survivor == company and merge.merged_by is not None
    assert admin_client.get(f"/admin/companies/companymerge/{merge.pk}/change/").status_code == 200


def test_merging_moves_orders_saved_lists_and_addresses_and_revokes_open_invitations(
    company, buyers
):
    from apps.checkout.models import RequisitionList
    from apps.companies.models import CompanyAddress
    from apps.orders.models import Order

    duplicate = companies.create_company(legal_name="Mueller Import", country="DE")
    buyer = MemberFactory()
    companies.add_member(company=duplicate, member=buyer)
    order = make_order(member=buyer)
    Order.objects.filter(pk=order.pk).update(company=duplicate)
    RequisitionList.objects.create(owner_company=company, name="Valves")
    RequisitionList.objects.create(owner_company=duplicate, name="Valves")
    RequisitionList.objects.create(owner_company=duplicate, name="Pumps")
    for owner in (company, duplicate):
        CompanyAddress.objects.create(
            company=owner,
            kind="billing",
            line1="1 Kai",
            city="Hamburg",
            country="DE",
            is_default=True,
        )
    invitation = companies.invite(company=duplicate, email="li@example.cn", language="en")

    merge = companies.merge_companies(merged=duplicate, survivor=company, actor=None)

    assert Order.objects.get(pk=order.pk).company == company
    assert merge.details["orders"] == {"orders": 1}
    assert sorted(
        RequisitionList.objects.filter(owner_company=company).values_list("name", flat=True)
    ) == ["Pumps", "Valves", "Valves (Mueller Import)"]
    assert merge.details["checkout"] == {"saved_lists": 2}
    addresses = CompanyAddress.objects.filter(company=company)
    assert addresses.count() == 2 and addresses.filter(is_default=True).count() == 1
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
