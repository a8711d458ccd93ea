"""Company accounts (#20): who earns, one place deciding the account, attribution, holds,
adjustments, refunds after a switch, and the ledger's invariants on a company's account."""

from datetime import timedelta

import psycopg2
import pytest
from django.utils import timezone

from apps.companies import services as companies
from apps.companies.models import CompanyRole
from apps.ledger import holds, services
from apps.ledger.adjustments import request_adjustment
from apps.ledger.errors import InsufficientPoints
from apps.ledger.holders import Holder, company_holder, holder_of
from apps.ledger.jobs import expire_due_lots, release_due_lots
from apps.ledger.models import (
    AdjustmentStatus,
    EntryKind,
    LedgerEntry,
    PointsAccount,
    Programme,
    WhoEarns,
)
from apps.ledger.selectors import balance, discrepancies, holder_balance
from apps.rewards.models import Reward
from apps.rewards.services import RewardUnavailable, redeem
from tests.companies.conftest import set_who_earns
from tests.factories import MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_by_default_each_buyer_earns_on_their_own_account(buyers):
    first, _second = buyers
    services.earn(member=first, points=100, reason="Order", idempotency_key="o1")
    account = PointsAccount.objects.get(member=first)
    assert account.available == 100
    assert not PointsAccount.objects.filter(company__isnull=False).exists()
    assert holder_of(first) == Holder(first.pk)


def test_when_the_company_earns_every_buyer_credits_and_spends_the_company_account(
    company_earns, company, buyers
):
    first, second = buyers
    services.earn(member=first, points=300, reason="Order 1", idempotency_key="o1")
    services.earn(member=second, points=200, reason="Order 2", idempotency_key="o1")
    services.spend(member=second, points=450, reason="Checkout", idempotency_key="s1")

    account = PointsAccount.objects.get(company=company)
    assert (account.available, account.lifetime_earned) == (50, 500)
    assert not PointsAccount.objects.filter(member__in=buyers).exists()
    # Every entry says which buyer earned or spent it; the same key of two buyers is two entries.
    by_buyer = list(
        LedgerEntry.objects.filter(account=account)
        .order_by("id")
        .values_list("member_id", "points", "kind")
    )
    assert by_buyer == [
        (first.pk, 300, EntryKind.EARN),
        (second.pk, 200, EntryKind.EARN),
        (second.pk, -450, EntryKind.SPEND),
    ]
    assert balance(first).available == balance(second).available == 50
    assert discrepancies(account) == []


def test_a_buyers_earn_and_spend_find_the_company_account_in_their_one_statement(
    company_earns, company, buyers, django_assert_num_queries
):
    first, _second = buyers
    # A stale membership row pointing at a merged company still lands on the survivor.
    survivor = companies.create_company(legal_name="Müller Holding", country="DE")
    type(company).objects.filter(pk=company.pk).update(merged_into=survivor)
    Programme.current()  # the process's copy of the settings, as in a running process

    with django_assert_num_queries(1):
        services.earn(member=first, points=100, reason="Order", idempotency_key="o1")
    with django_assert_num_queries(1):
        result = services.spend(member=first, points=40, reason="Checkout", idempotency_key="s1")

    assert result.entry.account_id == PointsAccount.objects.get(company=survivor).pk
    assert result.entry.idempotency_key == f"member:{first.pk}:s1"
    assert (result.available, result.entry.member_id) == (60, first.pk)
    # The same key again is a replay, as with a holder passed in.
    again = services.spend(member=first, points=40, reason="Checkout", idempotency_key="s1")
    assert again.replayed


def test_a_member_of_no_company_keeps_their_own_account_when_companies_earn(company_earns):
    loner = MemberFactory()
    services.earn(member=loner, points=40, reason="Order", idempotency_key="o1")
    assert PointsAccount.objects.get(member=loner).available == 40


def test_switching_who_earns_moves_nothing(company, buyers):
    first, _second = buyers
    services.earn(member=first, points=100, reason="Before", idempotency_key="before")
    set_who_earns(WhoEarns.COMPANY)
    services.earn(member=first, points=30, reason="After", idempotency_key="after")

    assert PointsAccount.objects.get(member=first).available == 100  # stays where it was
    assert PointsAccount.objects.get(company=company).available == 30
    assert balance(first).available == 30  # the member now sees the company's account
    assert holder_balance(Holder(first.pk)).available == 100
    set_who_earns(WhoEarns.BUYER)


def test_a_refund_after_a_switch_claws_back_from_the_account_the_order_credited(company, buyers):
    first, _second = buyers
    services.earn(member=first, points=100, reason="Order", idempotency_key="o", source="order:9")
    set_who_earns(WhoEarns.COMPANY)
    services.earn(member=first, points=500, reason="Other", idempotency_key="x")

    services.clawback(
        member=first, points=60, reason="Refund", idempotency_key="r", source="order:9"
    )

    assert PointsAccount.objects.get(member=first).available == 40
    assert PointsAccount.objects.get(company=company).available == 500
    set_who_earns(WhoEarns.BUYER)


def test_an_account_belongs_to_a_member_or_a_company_never_both(company, member, database_owner):
    with database_owner.cursor() as cursor, pytest.raises(psycopg2.IntegrityError):
        cursor.execute(
            "INSERT INTO ledger_pointsaccount (member_id, company_id, available, pending,"
            " lifetime_earned, updated_at) VALUES (%s, %s, 0, 0, 0, now())",
            [member.pk, company.pk],
        )


def test_pending_expiry_and_release_hold_for_a_company_account(company_earns, company, buyers):
    first, _second = buyers
    now = timezone.now()
    services.earn(
        member=first,
        points=70,
        reason="Order",
        idempotency_key="o",
        available_at=now + timedelta(days=14),
        expires_at=now + timedelta(days=30),
    )
    account = PointsAccount.objects.get(company=company)
    assert (account.available, account.pending) == (0, 70)
    with pytest.raises(InsufficientPoints):
        services.spend(member=first, points=1, reason="Too early", idempotency_key="s")

    release_due_lots(as_of=now + timedelta(days=15), now=now + timedelta(days=15))
    account.refresh_from_db()
    assert (account.available, account.pending) == (70, 0)
    expire_due_lots(as_of=now + timedelta(days=31), now=now + timedelta(days=31))
    account.refresh_from_db()
    assert account.available == 0
    expiry = LedgerEntry.objects.get(account=account, kind=EntryKind.EXPIRE)
    assert expiry.points == -70 and expiry.member_id is None  # the company's own change
    assert discrepancies(account) == []


def test_a_hold_on_a_buyer_holds_the_company_account(company_earns, company, buyers):
    first, _second = buyers
    now = timezone.now()
    services.earn(
        member=first,
        points=50,
        reason="Order",
        idempotency_key="o",
        available_at=now + timedelta(days=14),
    )
    holds.hold_pending_points(member=first, source="risk-alert:1")
    later = now + timedelta(days=20)
    release_due_lots(as_of=later, now=later)
    assert PointsAccount.objects.get(company=company).pending == 50

    assert holds.lift_points_hold(member=first, source="risk-alert:1")
    account = PointsAccount.objects.get(company=company)
    # Lifting settles as of now: the lot is not due before its 14 days.
    assert account.pending + account.available == 50
    assert discrepancies(account) == []


def test_confirmed_fraud_claws_back_only_what_that_buyer_earned_on_the_company(
    company_earns, company, buyers
):
    first, second = buyers
    later = timezone.now() + timedelta(days=14)
    services.earn(
        member=first,
        points=50,
        reason="a",
        idempotency_key="a",
        source="order:1",
        available_at=later,
    )
    services.earn(
        member=second,
        points=80,
        reason="b",
        idempotency_key="b",
        source="order:2",
        available_at=later,
    )
    holds.hold_pending_points(member=first, source="risk-alert:1")
    holds.claw_back_pending_points(member=first, reason="Fraud", idempotency_key="fraud")
    account = PointsAccount.objects.get(company=company)
    assert account.pending == 80
    assert discrepancies(account) == []


def test_adjusting_a_company_follows_the_approval_threshold(company_earns, company, buyers):
    staff = StaffFactory()
    applied = request_adjustment(
        member=None, company=company, points=500, reason="Goodwill", requested_by=staff
    )
    assert applied.status == AdjustmentStatus.APPLIED
    waiting = request_adjustment(
        member=None, company=company, points=20_000, reason="Big", requested_by=staff
    )
    assert waiting.status == AdjustmentStatus.AWAITING_APPROVAL
    assert holder_balance(company_holder(company)).available == 500
    entry = LedgerEntry.objects.get(account__company=company)
    assert entry.member_id is None and entry.actor_id == staff.pk


def test_a_buyer_closing_their_account_leaves_the_company_points(company_earns, company, buyers):
    first, _second = buyers
    services.earn(member=first, points=100, reason="Order", idempotency_key="o")
    services.forfeit_all(member=first, reason="Account deleted", idempotency_key="closed")
    assert PointsAccount.objects.get(company=company).available == 100


def test_only_the_company_admin_redeems_company_points_for_rewards(company_earns, company):
    admin, buyer = MemberFactory(), MemberFactory()
    companies.add_member(company=company, member=admin, role=CompanyRole.ADMIN)
    companies.add_member(company=company, member=buyer)
    services.earn(member=buyer, points=1000, reason="Order", idempotency_key="o")
    reward = Reward.objects.create(name_en="Mug", points_cost=400)

    with pytest.raises(RewardUnavailable):
        redeem(member=buyer, reward=reward, idempotency_key="r1")
    redemption = redeem(member=admin, reward=reward, idempotency_key="r2")

    assert redemption.points == 400
    assert PointsAccount.objects.get(company=company).available == 600
    spent = LedgerEntry.objects.get(account__company=company, kind=EntryKind.SPEND)
    assert spent.member_id == admin.pk
