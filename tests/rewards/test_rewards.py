"""Rewards: redeem through the ledger, refuse with a reason, never oversell, reject returns
points, coupons work once at checkout."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apps.checkout.models import Cart, CartLine
from apps.core.errors import ApplicationError
from apps.ledger import services as ledger
from apps.ledger.models import EntryKind, LedgerEntry
from apps.ledger.selectors import balance
from apps.orders.models import Order
from apps.rewards.models import Redemption, RedemptionStatus, Reward, RewardKind
from apps.rewards.services import RewardUnavailable, decide, redeem
from apps.tiers.models import Tier, TierStatus
from tests.checkout.test_checkout import checkout_form
from tests.factories import MemberFactory, ProductFactory
from tests.text import page_text

pytestmark = pytest.mark.django_db


def reward(**fields):
    defaults = {
        "name": "Free sample",
        "name_en": "Free sample",
        "kind": RewardKind.FREE_SAMPLE,
        "points_cost": 500,
    }
    return Reward.objects.create(**{**defaults, **fields})


def funded(member, points=2000):
    ledger.earn(member=member, points=points, reason="seed", idempotency_key="seed")
    return member


def test_redeeming_spends_points_and_queues_the_redemption(member, staff):
    funded(member)
    sample = reward(stock=3)

    redemption = redeem(member=member, reward=sample, idempotency_key="a")
    again = redeem(member=member, reward=sample, idempotency_key="a")

    sample.refresh_from_db()
    assert again.pk == redemption.pk
    assert redemption.status == RedemptionStatus.REQUESTED
    assert balance(member).available == 1500
    assert sample.stock == 2


def test_a_key_used_for_one_reward_is_refused_for_another(member):
    funded(member)
    first, other = reward(), reward(name_en="Gift", kind=RewardKind.GIFT)
    redeem(member=member, reward=first, idempotency_key="k")

    with pytest.raises(ApplicationError, match="already used for another reward"):
        redeem(member=member, reward=other, idempotency_key="k")

    assert balance(member).available == 1500
    assert Redemption.objects.filter(member=member).count() == 1


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ({"points_cost": 5000}, "You need 3,000 more points."),
        ({"stock": 0}, "This reward is out of stock."),
        ({"excluded_countries": ["DE"]}, "This reward is not offered in your country."),
        ({"ends_at": timezone.now()}, "This reward is not available at the moment."),
    ],
)
def test_a_reward_the_member_may_not_have_is_refused_with_the_reason(member, setup, reason):
    funded(member)
    offer = reward(**setup)

    with pytest.raises(RewardUnavailable) as refused:
        redeem(member=member, reward=offer, idempotency_key="x")

    assert str(refused.value.message) == reason
    assert balance(member).available == 2000


def test_tier_only_rewards_and_per_member_limits(member):
    funded(member)
    gold = Tier.objects.create(name_en="Gold", rank=2)
    Tier.objects.create(name_en="Member", rank=0)
    exclusive = reward(name_en="Gold gift", name="Gold gift")
    exclusive.tiers.add(gold)
    once = reward(limit_per_member=1)

    with pytest.raises(RewardUnavailable, match="Gold"):
        redeem(member=member, reward=exclusive, idempotency_key="g")
    redeem(member=member, reward=once, idempotency_key="o1")
    with pytest.raises(RewardUnavailable):
        redeem(member=member, reward=once, idempotency_key="o2")

    TierStatus.objects.create(member=member, tier=gold, since=timezone.now())
    assert redeem(member=member, reward=exclusive, idempotency_key="g2").reward == exclusive


def test_rejecting_returns_the_points_and_the_stock(member, staff):
    funded(member)
    sample = reward(stock=1)
    redemption = redeem(member=member, reward=sample, idempotency_key="a")

    decide(redemption=redemption, status=RedemptionStatus.REJECTED, staff=staff)

    sample.refresh_from_db()
    assert balance(member).available == 2000
    assert sample.stock == 1


@pytest.mark.django_db(transaction=True)
def test_stock_never_oversells_under_concurrency():
    """100 members redeem a reward with stock 10 at once (40 database connections racing; the
    server allows 100 in all): exactly 10 get it, the others are told it is out of stock."""
    sample = reward(stock=10)
    members = [funded(MemberFactory()) for _i in range(100)]
    go = threading.Event()

    def attempt(i):
        go.wait()
        try:
            return redeem(member=members[i], reward=sample, idempotency_key=f"k{i}")
        except RewardUnavailable as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=40) as pool:
        futures = [pool.submit(attempt, i) for i in range(100)]
        go.set()
        outcomes = [future.result() for future in futures]

    sample.refresh_from_db()
    assert sum(isinstance(o, Redemption) for o in outcomes) == 10
    assert all(
        isinstance(o, Redemption) or o.message == "This reward is out of stock." for o in outcomes
    )
    assert sample.stock == 0
    assert Redemption.objects.count() == 10
    assert LedgerEntry.objects.filter(kind=EntryKind.SPEND).count() == 10


def test_a_coupon_reward_works_once_at_checkout(client, member, exchange_rates, shipping_method):
    funded(member)
    coupon = reward(kind=RewardKind.COUPON_AMOUNT, coupon_amount=Decimal("25.00"))
    code = redeem(member=member, reward=coupon, idempotency_key="c").coupon_code
    client.force_login(member.user)

    def place():
        cart, _created = Cart.objects.get_or_create(member=member)
        CartLine.objects.get_or_create(
            cart=cart, product=ProductFactory(price=Decimal("100")), defaults={"quantity": 1}
        )
        return client.post(
            "/en/checkout/", checkout_form(shipping_method, email=None, coupon_code=code)
        )

    first = place()
    second = place()

    order = Order.objects.get()
    assert first.status_code == 302
    assert order.discounts.get().amount == Decimal("25.00")
    assert "not valid" in " ".join(second.context["form"].non_field_errors())
    assert Redemption.objects.get(coupon_code=code).coupon_order == order


def test_the_rewards_page_offers_what_i_can_redeem_and_explains_the_rest(client, member):
    funded(member, 800)
    reward(name_en="Sample", name="Sample", points_cost=500)
    reward(name_en="Big gift", name="Big gift", points_cost=5000)
    reward(name_en="Hidden", name="Hidden", countries=["JP"])
    client.force_login(member.user)

    page = page_text(client.get("/en/member/rewards/"))
    url = f"/en/member/rewards/{Reward.objects.get(name_en='Sample').pk}/redeem/"
    client.post(url, {"token": client.get(url).context["token"]})

    assert "Sample" in page and "You need 4,200 more points." in page
    assert "Hidden" not in page
    assert balance(member).available == 300


def test_a_coupon_code_stays_in_one_piece_in_arabic(client, member):
    funded(member)
    coupon = reward(
        name_en="Coupon",
        name_ar="قسيمة",
        kind=RewardKind.COUPON_AMOUNT,
        coupon_amount=Decimal("10.00"),
    )
    client.force_login(member.user)

    url = f"/ar/member/rewards/{coupon.pk}/redeem/"
    page = client.post(url, {"token": client.get(url).context["token"]}, follow=True)
    page = page.content.decode()
    listed = client.get("/ar/member/rewards/").content.decode()

    code = Redemption.objects.get(member=member).coupon_code
    # In its own left-to-right box, on the coupon's page and in the table.
    assert f'value="{code}" readonly dir="ltr" class="coupon-code"' in page
    assert f'<code data-testid="coupon-code" dir="ltr" class="coupon-code">{code}</code>' in listed
