"""Tiers: upgrade at once on a qualifying paid order, downgrade only at re-evaluation after
the grace period, every change recorded; benefits flow into prices, earning and redemption."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from djmoney.money import Money

from apps.catalog.pricing import pricing_context, unit_price
from apps.ledger.models import EntryKind, LedgerEntry
from apps.orders.services import mark_paid
from apps.tiers.models import Tier, TierChange, TierStatus
from apps.tiers.selectors import member_tier, points_and_tier, tier_progress
from apps.tiers.services import reevaluate_all
from tests.factories import ProductFactory, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    member_tier_ = Tier.objects.create(name_en="Member", rank=0)
    silver = Tier.objects.create(
        name_en="Silver",
        rank=1,
        qualifying_spend=Decimal("1000"),
        discount_percent=Decimal("5"),
        points_multiplier=Decimal("1.1"),
        grace_days=30,
    )
    gold = Tier.objects.create(
        name_en="Gold",
        rank=2,
        qualifying_spend=Decimal("5000"),
        discount_percent=Decimal("8"),
        points_multiplier=Decimal("1.2"),
        retention_spend=Decimal("4000"),
        grace_days=30,
    )
    return member_tier_, silver, gold


def buy(member, amount, capture, *, currency="USD", rate="1"):
    order = make_order(member=member, currency=currency, rate=rate, lines=[(Decimal(amount), 1)])
    with capture(execute=True):
        mark_paid(order=order, amount=order.total, actor_label="test")
    order.refresh_from_db()
    return order


def test_a_qualifying_paid_order_upgrades_at_once_and_earns_with_the_new_multiplier(
    member, tiers, exchange_rates, django_capture_on_commit_callbacks
):
    _member, silver, _gold = tiers
    buy(member, "600.00", django_capture_on_commit_callbacks)
    assert member_tier(member).name == "Member"

    # 460 EUR at 0.92 = 500 USD: 1,100 USD in 12 months -> Silver
    buy(member, "460.00", django_capture_on_commit_callbacks, currency="EUR", rate="0.92")

    assert member_tier(member) == silver
    change = TierChange.objects.get(to_tier=silver)
    assert (change.from_tier.name, change.reason) == ("Member", "Qualified")
    # Points for the upgrading order were computed before the upgrade (tasks run in order);
    # the next order earns with Silver's x1.1.
    buy(member, "100.00", django_capture_on_commit_callbacks)
    assert LedgerEntry.objects.filter(kind=EntryKind.EARN).order_by("id").last().points == 110


def test_downgrade_waits_for_reevaluation_and_the_grace_period(
    member, tiers, django_capture_on_commit_callbacks
):
    _member, _silver, gold = tiers
    order = buy(member, "5200.00", django_capture_on_commit_callbacks)
    assert member_tier(member) == gold
    a_year_later = order.paid_at + timedelta(days=370)

    assert reevaluate_all(as_of=a_year_later) == 0  # retention missed: grace starts
    status = TierStatus.objects.get(member=member)
    assert status.tier == gold
    assert status.grace_until == a_year_later + timedelta(days=30)
    assert reevaluate_all(as_of=a_year_later) == 0  # idempotent

    call_command("reevaluate_tiers", as_of=(a_year_later + timedelta(days=31)).isoformat())

    assert member_tier(member).name == "Member"
    assert TierChange.objects.filter(to_tier__rank=0, from_tier=gold).get().reason == (
        "Retention threshold not met"
    )


def test_meeting_retention_during_grace_keeps_the_tier(
    member, tiers, django_capture_on_commit_callbacks
):
    _member, _silver, gold = tiers
    order = buy(member, "5200.00", django_capture_on_commit_callbacks)
    later = order.paid_at + timedelta(days=370)
    reevaluate_all(as_of=later)
    buy(member, "4100.00", django_capture_on_commit_callbacks)

    reevaluate_all(as_of=timezone.now() + timedelta(days=10))

    status = TierStatus.objects.get(member=member)
    assert (status.tier, status.grace_until) == (gold, None)


def test_the_tier_discount_shows_in_member_prices(member, tiers, exchange_rates):
    _member, silver, _gold = tiers
    TierStatus.objects.create(member=member, tier=silver, since=timezone.now())
    product = ProductFactory(price=Decimal("200.00"))

    member_price = unit_price(product, 1, pricing_context(currency="USD", member=member))
    guest_price = unit_price(product, 1, pricing_context(currency="USD"))

    assert member_price.unit_price == Money("190.00", "USD")
    assert guest_price.unit_price == Money("200.00", "USD")


def test_progress_to_the_next_tier_in_the_members_currency(
    member, tiers, exchange_rates, django_capture_on_commit_callbacks
):
    buy(member, "680.00", django_capture_on_commit_callbacks)

    progress = tier_progress(member, currency="EUR")

    assert progress.next_tier.name == "Silver"
    assert progress.remaining == Money("294.40", "EUR")  # 320 USD at 0.92
    assert progress.percent == 68


def test_balance_and_progress_in_one_query_agree_with_tier_progress(
    member, tiers, exchange_rates, django_capture_on_commit_callbacks
):
    # Two orders in other currencies at their own rates, one of them partly refunded: the
    # API's and member center's query (tier and spend only) counts spend as qualification does.
    buy(member, "500.00", django_capture_on_commit_callbacks, currency="EUR", rate="0.92")
    refunded = buy(member, "400.00", django_capture_on_commit_callbacks)
    refunded.refunded_amount = refunded.total_amount / 4
    refunded.save(update_fields=["refunded_amount"])

    summary = points_and_tier(member.pk, currency="EUR")
    full = tier_progress(member, currency="EUR")

    assert summary.progress == full
    assert Decimal("800") < summary.progress.spend < Decimal("900")
    assert summary.progress.percent == int(full.spend / 10)
    assert points_and_tier(0) is None


def test_the_re_evaluation_in_small_batches_decides_as_in_one(tiers):
    """The job re-evaluates members in batches, each in its own transaction (flat memory and
    short row locks at a million members): batches of two over seven members decide exactly
    what one batch does."""
    from django.db import transaction

    from tests.factories import MemberFactory

    _member, silver, gold = tiers
    long_ago = timezone.now() - timedelta(days=400)
    members = [MemberFactory() for _ in range(7)]
    for member in members[::2]:
        TierStatus.objects.create(member=member, tier=gold, since=long_ago)
    TierStatus.objects.create(member=members[1], tier=silver, since=long_ago)

    now = timezone.now()

    def outcome(batch: int):
        with transaction.atomic():
            changes = reevaluate_all(as_of=now, batch=batch)
            statuses = sorted(
                TierStatus.objects.values_list("member_id", "tier__name_en", "grace_until")
            )
            transaction.set_rollback(True)
        return changes, statuses

    small, whole = outcome(2), outcome(5000)
    assert small == whole
    assert small[0] == 2  # the two members without a tier enter the first one
    assert len(small[1]) == 7 and {row[2] is not None for row in small[1]} == {True, False}
