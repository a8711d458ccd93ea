"""A tier pass (a reward): Gold for 90 days for points. The member has the tier at once, the
pass shows its end date, re-evaluations never go below it while it lasts, and afterwards the
member has the tier they qualify for."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from apps.rewards.models import RedemptionStatus, RewardKind
from apps.rewards.services import RewardUnavailable, eligibility, redeem
from apps.tiers.models import Tier, TierChange
from apps.tiers.selectors import member_tier
from apps.tiers.services import evaluate_member, reevaluate_all, set_tier_by_hand
from tests.factories import StaffFactory
from tests.rewards.test_rewards import funded, reward

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    entry = Tier.objects.create(name_en="Member", rank=0)
    silver = Tier.objects.create(name_en="Silver", rank=1, qualifying_spend=Decimal("1000"))
    gold = Tier.objects.create(name_en="Gold", rank=2, qualifying_spend=Decimal("5000"))
    return entry, silver, gold


@pytest.fixture
def gold_pass(tiers):
    return reward(
        name_en="Gold for 90 days", kind=RewardKind.TIER_PASS, points_cost=1500,
        pass_tier=tiers[2], pass_days=90,
    )  # fmt: skip


def test_a_pass_gives_the_tier_at_once_with_its_end_date(member, tiers, gold_pass):
    entry, _silver, gold = tiers
    evaluate_member(funded(member), as_of=timezone.now())
    assert member_tier(member) == entry

    redemption = redeem(member=member, reward=gold_pass, idempotency_key="k")

    assert member_tier(member) == gold
    assert redemption.status == RedemptionStatus.FULFILLED
    assert timedelta(days=89) < redemption.pass_until - timezone.now() <= timedelta(days=90)
    change = TierChange.objects.filter(member=member).first()
    assert (change.to_tier, change.reason) == (gold, "Tier pass redeemed")


def test_reevaluations_keep_the_pass_until_it_ends_then_the_qualified_tier_returns(
    member, tiers, gold_pass
):
    entry, _silver, gold = tiers
    redemption = redeem(member=funded(member), reward=gold_pass, idempotency_key="k")

    reevaluate_all(as_of=timezone.now() + timedelta(days=30))
    reevaluate_all(as_of=redemption.pass_until - timedelta(minutes=1))
    assert member_tier(member) == gold

    reevaluate_all(as_of=redemption.pass_until + timedelta(minutes=1))
    assert member_tier(member) == entry


def test_a_pass_is_not_offered_to_members_of_that_tier_or_higher(member, tiers, gold_pass):
    set_tier_by_hand(member=funded(member), tier=tiers[2], reason="Deal", changed_by=StaffFactory())
    verdict = eligibility(gold_pass, member)
    assert not verdict.allowed and "this tier or a higher one" in str(verdict.reason)
    with pytest.raises(RewardUnavailable):
        redeem(member=member, reward=gold_pass, idempotency_key="k")
    assert member.redemptions.count() == 0


def test_the_redemption_page_shows_the_end_date(client, member, tiers, gold_pass):
    redemption = redeem(member=funded(member), reward=gold_pass, idempotency_key="k")
    client.force_login(member.user)
    page = client.get(f"/en/member/rewards/redemptions/{redemption.pk}/").content.decode()
    assert 'data-testid="pass-until"' in page and "Gold member until" in page


def test_a_pass_needs_its_tier_and_days(tiers):
    with pytest.raises(IntegrityError):
        reward(kind=RewardKind.TIER_PASS, pass_tier=tiers[2], pass_days=None)
