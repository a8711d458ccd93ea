"""Every benefit a tier offers acts: priority service reaches the merchant's order desk,
exclusive rewards are its tier's alone, and the member center lists what acts."""

from decimal import Decimal

import pytest
from django.utils import timezone

from apps.checkout.models import Cart, CartLine
from apps.ledger import services as ledger
from apps.orders.models import Order, ShippingMethod
from apps.rewards.models import Reward, RewardKind
from apps.rewards.services import RewardUnavailable, redeem
from apps.tiers.models import Tier, TierShippingBenefit, TierStatus
from tests.checkout.test_checkout import checkout_form
from tests.factories import MemberFactory, ProductFactory, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    member = Tier.objects.create(name_en="Member", rank=0)
    gold = Tier.objects.create(
        name_en="Gold",
        rank=2,
        discount_percent=Decimal("8"),
        points_multiplier=Decimal("1.2"),
        priority_service=True,
        early_access=True,
    )
    return member, gold


def in_tier(tier, member=None):
    member = member or MemberFactory()
    TierStatus.objects.create(member=member, tier=tier, since=timezone.now())
    return member


def test_priority_service_is_captured_on_the_order_when_placed(client, tiers, exchange_rates):
    basic, gold = tiers
    express = ShippingMethod.objects.create(name_en="Express", price=Decimal("10"))
    for tier in (basic, gold):
        member = in_tier(tier)
        cart = Cart.objects.create(member=member)
        CartLine.objects.create(cart=cart, product=ProductFactory(), quantity=1)
        client.force_login(member.user)
        client.post("/en/checkout/", checkout_form(express, email=None))
    gold.priority_service = False  # a later change of the tier does not rewrite history
    gold.save()

    flags = dict(Order.objects.values_list("member__tier_status__tier__rank", "priority_service"))
    assert flags == {0: False, 2: True}


def test_staff_see_and_filter_priority_orders_in_the_order_list(admin_client, tiers):
    _basic, gold = tiers
    priority = make_order(member=in_tier(gold))
    ordinary = make_order()

    listing = admin_client.get("/admin/orders/order/").content.decode()
    filtered = admin_client.get("/admin/orders/order/?priority_service__exact=1")

    assert "column-priority_service" in listing
    assert [order.pk for order in filtered.context["cl"].result_list] == [priority.pk]
    assert ordinary.priority_service is False


def exclusive_reward(tier):
    reward = Reward.objects.create(
        name_en="CAD drawings", kind=RewardKind.TECHNICAL_SERVICE, points_cost=500
    )
    reward.tiers.add(tier)
    return reward


def test_an_exclusive_reward_is_hidden_and_refused_for_other_tiers(client, tiers):
    basic, gold = tiers
    reward = exclusive_reward(gold)
    outsider, insider = in_tier(basic), in_tier(gold)
    for member in (outsider, insider):
        ledger.earn(member=member, points=1000, reason="seed", idempotency_key="seed")

    client.force_login(outsider.user)
    outsider_page = client.get("/en/member/rewards/").content.decode()
    with pytest.raises(RewardUnavailable):
        redeem(member=outsider, reward=reward, idempotency_key="a")
    client.force_login(insider.user)
    insider_page = client.get("/en/member/rewards/").content.decode()

    assert "CAD drawings" not in outsider_page
    assert "CAD drawings" in insider_page and "Exclusive to Gold" in insider_page
    assert redeem(member=insider, reward=reward, idempotency_key="b").points == 500


def test_the_member_center_lists_every_benefit_of_the_tier(client, tiers):
    _basic, gold = tiers
    express = ShippingMethod.objects.create(name_en="Express air courier", price=Decimal("250"))
    TierShippingBenefit.objects.create(tier=gold, shipping_method=express, kind="free")
    TierShippingBenefit.objects.create(tier=gold, kind="percent", percent=Decimal("10"))
    TierShippingBenefit.objects.create(
        tier=gold, shipping_method=express, kind="amount", amount=Decimal("20"), currency="EUR"
    )
    exclusive_reward(gold)
    member = in_tier(gold)
    client.force_login(member.user)

    response = client.get("/en/member/")

    assert response.context["dashboard"].benefits == [
        "8% member prices",
        "×1.20 points on orders",
        "10% off shipping on every shipping method",
        "Free shipping: Express air courier",
        "Priority service",
        "Early access to new products",
        "Exclusive rewards: CAD drawings",
    ]


def tier_form(tier, rows: list[dict], initial: int = 0) -> dict:
    data = {
        "name_en": tier.name_en,
        "rank": tier.rank,
        "badge_colour": tier.badge_colour,
        "qualification": tier.qualification,
        "grace_days": tier.grace_days,
        "discount_percent": tier.discount_percent,
        "points_multiplier": tier.points_multiplier,
        "shipping_benefits-TOTAL_FORMS": len(rows),
        "shipping_benefits-INITIAL_FORMS": initial,
        "shipping_benefits-MIN_NUM_FORMS": 0,
        "shipping_benefits-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"shipping_benefits-{index}-{key}"] = value
    return data


def test_the_merchant_sets_shipping_benefits_in_the_tier_admin_with_clear_errors(
    admin_client, tiers
):
    _basic, gold = tiers
    express = ShippingMethod.objects.create(name_en="Express", price=Decimal("250"))
    url = f"/admin/tiers/tier/{gold.pk}/change/"

    saved = admin_client.post(
        url,
        tier_form(
            gold,
            [
                {"shipping_method": express.pk, "kind": "free", "percent": "30"},
                {"kind": "amount", "amount": "20", "currency": "EUR"},
            ],
        ),
    )
    duplicate = admin_client.post(
        url, tier_form(gold, [{"shipping_method": express.pk, "kind": "free"}])
    )
    twice = admin_client.post(
        url,
        tier_form(gold, [{"kind": "percent", "percent": "5"}, {"kind": "percent", "percent": "7"}]),
    )
    incomplete = admin_client.post(
        url,
        tier_form(gold, [{"kind": "percent"}, {"kind": "amount", "amount": "5"}]),
    )

    assert saved.status_code == 302
    rows = sorted(TierShippingBenefit.objects.values_list("kind", "percent", "amount", "currency"))
    assert rows == [("amount", None, Decimal("20.00"), "EUR"), ("free", None, None, "")]
    assert "This tier already has this benefit for this shipping method." in (
        duplicate.content.decode()
    )
    assert "Two rows give the same benefit on the same shipping method." in (twice.content.decode())
    errors = incomplete.content.decode()
    assert "Enter a percentage above 0 and below 100" in errors
    assert "Choose the currency of the amount." in errors
    assert TierShippingBenefit.objects.count() == 2
