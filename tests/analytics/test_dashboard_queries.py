"""The dashboard's figures that are not sums of days, against hand-computed data: members in
total, active and repurchasing (each counted once over the period), the tier members held at the
period's end and the changes in it (members who change tier inside the period), referral
conversion, top rewards and members at risk, with the dimension filters."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from apps.analytics import dashboard_queries as queries
from apps.analytics.dashboard import Filters, Period
from apps.ledger import services
from apps.members.models import Referral, ReferralStatus
from apps.orders.models import Order
from apps.rewards.models import Redemption, RedemptionStatus, Reward, RewardKind
from apps.tiers.models import Tier, TierChange, TierStatus
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db

THIS_WEEK = Period(date(2026, 3, 14), date(2026, 3, 20))
LAST_WEEK = THIS_WEEK.previous()


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def change_tier(member, tier, when, before=None):
    TierStatus.objects.update_or_create(member=member, defaults={"tier": tier, "since": when})
    TierChange.objects.create(
        member=member, from_tier=before, to_tier=tier, reason="Qualified", created_at=when
    )


def paid_order(member, when, clock):
    clock.set(when)
    order = make_order(member=member)
    Order.objects.filter(pk=order.pk).update(status="paid", paid_at=when)


@pytest.fixture
def people(clock):
    """a: earns this week, spends last week; b: two paid orders this week, one last week;
    c (FR): one paid order this week; d (FR): only a staff adjustment (not active); e joins
    this week; f closed its membership last week."""
    clock.set(at(1))
    a = MemberFactory(country="DE", customer_type="distributor")
    b = MemberFactory(country="DE", customer_type="end_customer")
    c = MemberFactory(country="FR", customer_type="distributor")
    d = MemberFactory(country="FR")
    f = MemberFactory(country="DE")
    services.earn(member=a, points=1000, reason="seed", idempotency_key="seed")
    clock.set(at(10))
    services.spend(member=a, points=100, reason="order", idempotency_key="s1", source="order:9")
    clock.set(at(15))
    services.earn(member=a, points=50, reason="rule", idempotency_key="e2")
    services.adjust(
        member=d, points=70, reason="goodwill", idempotency_key="adj", actor=None, source="staff:1"
    )
    paid_order(b, at(9), clock)
    paid_order(b, at(16), clock)
    paid_order(b, at(18), clock)
    paid_order(c, at(17), clock)
    clock.set(at(18))
    e = MemberFactory(country="DE")
    type(f).objects.filter(pk=f.pk).update(closed_at=at(12))
    silver = Tier.objects.create(name="Silver", rank=2)
    gold = Tier.objects.create(name="Gold", rank=3)
    change_tier(a, silver, at(5))
    change_tier(a, gold, at(16), before=silver)
    change_tier(b, gold, at(5))
    change_tier(b, silver, at(17), before=gold)
    change_tier(c, silver, at(10))
    clock.set(at(20))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "silver": silver, "gold": gold}


def test_members_in_total_at_each_period_s_end(people):
    everyone = Filters(THIS_WEEK)
    assert queries.members_total(everyone, at=THIS_WEEK.ends) == 5  # a b c d e; f closed
    assert queries.members_total(everyone, at=LAST_WEEK.ends) == 4  # e not yet
    germany = Filters(THIS_WEEK, country="DE")
    assert queries.members_total(germany, at=THIS_WEEK.ends) == 3
    assert queries.members_total(germany, at=LAST_WEEK.ends) == 2


def test_active_members_are_counted_once_over_each_period(people):
    # This week: a earned, b paid twice, c paid; d only had an adjustment. Last week: a, b.
    assert queries.active_members(Filters(THIS_WEEK), THIS_WEEK, LAST_WEEK) == (3, 2)
    assert queries.active_members(Filters(THIS_WEEK, country="FR"), THIS_WEEK, LAST_WEEK) == (
        1,
        0,
    )


def test_repurchase_rate_is_the_share_of_buyers_who_paid_twice(people):
    # This week b paid twice, c once: 1 of 2. Last week b once: 0 of 1.
    assert queries.repurchase_rates(Filters(THIS_WEEK), THIS_WEEK, LAST_WEEK) == (
        Decimal("50.0"),
        Decimal("0.0"),
    )
    distributors = Filters(THIS_WEEK, customer_type="distributor")
    assert queries.repurchase_rates(distributors, THIS_WEEK, LAST_WEEK) == (Decimal("0.0"), None)


def test_tier_distribution_is_the_tier_held_at_the_moment(people):
    silver, gold = people["silver"], people["gold"]
    at_end = queries.tier_distribution(Filters(THIS_WEEK), at=THIS_WEEK.ends)
    assert [(count.tier, count.members) for count in at_end] == [(None, 2), (silver, 2), (gold, 1)]
    a_week_ago = queries.tier_distribution(Filters(THIS_WEEK), at=LAST_WEEK.ends)
    assert [(count.tier, count.members) for count in a_week_ago] == [
        (None, 1),
        (silver, 2),
        (gold, 1),
    ]


def test_tier_migration_counts_ups_and_downs_in_the_period(people):
    silver, gold = people["silver"], people["gold"]
    migration = queries.tier_migration(Filters(THIS_WEEK), THIS_WEEK)
    assert (migration.ups, migration.downs) == (1, 1)
    assert sorted(migration.moves, key=lambda move: move[1].rank) == [
        (gold, silver, 1),
        (silver, gold, 1),
    ]
    last_week = queries.tier_migration(Filters(THIS_WEEK), LAST_WEEK)
    assert (last_week.ups, last_week.downs) == (1, 0)  # c entered its first tier
    gold_now = queries.tier_migration(Filters(THIS_WEEK, tier=gold), THIS_WEEK)
    assert (gold_now.ups, gold_now.downs) == (1, 0)  # a, who holds gold now


def test_referral_conversion_counts_the_period_s_referrals(people, clock):
    clock.set(at(25))
    x, y, z = MemberFactory(), MemberFactory(), MemberFactory()
    for referrer, referred, day, status in [
        (people["a"], x, 15, ReferralStatus.REWARDED),
        (people["a"], y, 16, ReferralStatus.SIGNED_UP),
        (people["c"], z, 9, ReferralStatus.REWARDED),
    ]:
        clock.set(at(day))
        Referral.objects.create(referrer=referrer, referred=referred, status=status)

    conversion = queries.referral_conversion(Filters(THIS_WEEK), THIS_WEEK, LAST_WEEK)
    assert (conversion.referred, conversion.converted) == (2, 1)
    assert (conversion.previous_referred, conversion.previous_converted) == (1, 1)
    french = queries.referral_conversion(Filters(THIS_WEEK, country="FR"), THIS_WEEK, LAST_WEEK)
    assert (french.referred, french.previous_referred) == (0, 1)


def test_top_rewards_leave_out_rejected_requests(people, clock):
    sample = Reward.objects.create(name_en="Sample", kind=RewardKind.FREE_SAMPLE, points_cost=10)
    mug = Reward.objects.create(name_en="Mug", kind=RewardKind.FREE_SAMPLE, points_cost=30)
    for key, (reward, day, status) in enumerate(
        [
            (sample, 15, RedemptionStatus.FULFILLED),
            (sample, 16, RedemptionStatus.REQUESTED),
            (sample, 17, RedemptionStatus.REJECTED),
            (mug, 16, RedemptionStatus.APPROVED),
            (mug, 9, RedemptionStatus.FULFILLED),
        ]
    ):
        clock.set(at(day))
        Redemption.objects.create(
            member=people["a"],
            reward=reward,
            points=reward.points_cost,
            status=status,
            idempotency_key=f"r{key}",
        )

    top = queries.top_rewards(Filters(THIS_WEEK), THIS_WEEK)
    assert [(line.name, line.redemptions, line.points) for line in top] == [
        ("Sample", 2, 20),
        ("Mug", 1, 30),
    ]


def test_members_at_risk_follow_the_ledger_s_rule(clock):
    clock.set(datetime(2025, 11, 1, tzinfo=UTC))
    quiet, small = MemberFactory(country="DE"), MemberFactory(country="FR")
    services.earn(member=quiet, points=2500, reason="seed", idempotency_key="q")
    services.earn(member=small, points=100, reason="seed", idempotency_key="s")
    clock.set(at(1))
    busy = MemberFactory(country="DE")
    services.earn(member=busy, points=5000, reason="seed", idempotency_key="b")
    clock.set(at(20))

    assert queries.at_risk_members(Filters(THIS_WEEK), as_of=at(20)) == 1
    assert queries.at_risk_members(Filters(THIS_WEEK, country="FR"), as_of=at(20)) == 0
