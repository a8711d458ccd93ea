"""A tier set by hand (with a reason, audited) holds until the next re-evaluation or until a
chosen date; then the member gets the tier they qualify for, without a grace period."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.models import OutboxEvent
from apps.tiers.models import Tier, TierChange, TierStatus
from apps.tiers.selectors import member_tier
from apps.tiers.services import (
    InvalidTierChange,
    evaluate_member,
    reevaluate_all,
    set_tier_by_hand,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    entry = Tier.objects.create(name_en="Member", rank=0)
    silver = Tier.objects.create(name_en="Silver", rank=1, qualifying_spend=Decimal("1000"))
    gold = Tier.objects.create(name_en="Gold", rank=2, qualifying_spend=Decimal("5000"))
    return entry, silver, gold


def test_setting_a_tier_by_hand_is_recorded_with_who_and_why(member, tiers):
    entry, _silver, gold = tiers
    staff = StaffFactory()
    evaluate_member(member, as_of=timezone.now())
    assert member_tier(member) == entry

    change = set_tier_by_hand(member=member, tier=gold, reason="Trade fair deal", changed_by=staff)

    assert member_tier(member) == gold
    assert (change.from_tier, change.to_tier, change.reason, change.changed_by) == (
        entry,
        gold,
        "Trade fair deal",
        staff,
    )
    status = TierStatus.objects.get(member=member)
    assert status.set_by_hand and status.pinned_until is None
    assert OutboxEvent.objects.filter(name="tier.changed").count() == 2  # entry, then gold


def test_without_a_date_the_next_reevaluation_gives_the_qualified_tier_at_once(member, tiers):
    entry, _silver, gold = tiers
    set_tier_by_hand(member=member, tier=gold, reason="Goodwill", changed_by=StaffFactory())
    # An order-time evaluation never ends it.
    evaluate_member(member, as_of=timezone.now())
    assert member_tier(member) == gold

    reevaluate_all(as_of=timezone.now() + timedelta(minutes=1))

    assert member_tier(member) == entry  # no grace period: the tier was never earned
    last = TierChange.objects.filter(member=member).first()
    assert (last.to_tier, last.reason, last.changed_by) == (entry, "Tier set by hand ended", None)
    assert not TierStatus.objects.get(member=member).set_by_hand


def test_a_pinned_tier_survives_reevaluations_until_its_date(member, tiers):
    entry, _silver, gold = tiers
    until = timezone.now() + timedelta(days=90)
    set_tier_by_hand(
        member=member, tier=gold, reason="Key account", changed_by=StaffFactory(), until=until
    )

    reevaluate_all(as_of=until - timedelta(days=1))
    assert member_tier(member) == gold
    assert TierStatus.objects.get(member=member).pinned_until == until

    reevaluate_all(as_of=until + timedelta(seconds=1))
    assert member_tier(member) == entry
    status = TierStatus.objects.get(member=member)
    assert (status.set_by_hand, status.pinned_until, status.grace_until) == (False, None, None)


def test_a_hand_set_tier_the_member_also_qualifies_for_is_kept_as_earned(member, tiers):
    entry, _silver, _gold = tiers
    set_tier_by_hand(member=member, tier=entry, reason="Reset", changed_by=StaffFactory())
    changes = TierChange.objects.count()

    reevaluate_all(as_of=timezone.now() + timedelta(minutes=1))

    assert member_tier(member) == entry and TierChange.objects.count() == changes
    assert not TierStatus.objects.get(member=member).set_by_hand


def test_a_reason_is_required_and_the_date_must_lie_ahead(member, tiers):
    _entry, _silver, gold = tiers
    with pytest.raises(InvalidTierChange):
        set_tier_by_hand(member=member, tier=gold, reason="  ", changed_by=None)
    with pytest.raises(InvalidTierChange):
        set_tier_by_hand(
            member=member,
            tier=gold,
            reason="Late",
            changed_by=None,
            until=timezone.now() - timedelta(days=1),
        )
    assert not TierChange.objects.exists()
