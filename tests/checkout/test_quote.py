"""Honest totals: the checkout summary is one quote (subtotal, member price discount, coupon,
points, shipping less the tier's benefit, total), updated as the buyer changes their choices,
and the order, its page, its emails and the payment carry exactly those amounts."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from djmoney.money import Money

from apps.catalog.models import ProductPrice
from apps.checkout.models import Cart, CartLine
from apps.ledger import services as ledger
from apps.orders.models import Order, ShippingMethod
from apps.payments.models import Payment
from apps.rewards.models import Reward, RewardKind
from apps.rewards.services import redeem
from apps.tiers.models import Tier, TierShippingBenefit, TierStatus
from tests.checkout.test_checkout import checkout_form
from tests.factories import MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def express(db):
    return ShippingMethod.objects.create(name_en="Express air courier", price=Decimal("250.00"))


@pytest.fixture
def sea(db):
    return ShippingMethod.objects.create(name_en="Sea freight", is_quoted_later=True)


@pytest.fixture
def tiers(db, express, sea):
    member = Tier.objects.create(name_en="Member", rank=0)
    silver = Tier.objects.create(name_en="Silver", rank=1, discount_percent=Decimal("5"))
    gold = Tier.objects.create(name_en="Gold", rank=2, discount_percent=Decimal("8"))
    platinum = Tier.objects.create(name_en="Platinum", rank=3, discount_percent=Decimal("12"))
    TierShippingBenefit.objects.create(tier=platinum, shipping_method=express, kind="free")
    TierShippingBenefit.objects.create(
        tier=gold, shipping_method=sea, kind="percent", percent=Decimal("50")
    )
    TierShippingBenefit.objects.create(
        tier=silver, shipping_method=express, kind="amount", amount=Decimal("20"), currency="EUR"
    )
    TierShippingBenefit.objects.create(
        tier=silver, shipping_method=express, kind="amount", amount=Decimal("25"), currency="USD"
    )
    return {"member": member, "silver": silver, "gold": gold, "platinum": platinum}


def member_of_tier(tier, points=0):
    member = MemberFactory()
    TierStatus.objects.create(member=member, tier=tier, since="2026-01-01T00:00:00Z")
    if points:
        ledger.earn(member=member, points=points, reason="seed", idempotency_key="seed")
    return member


def fill_cart(member, price="1000.00", quantity=2):
    cart, _created = Cart.objects.get_or_create(member=member)
    product = ProductFactory(price=Decimal(price))
    CartLine.objects.create(cart=cart, product=product, quantity=quantity)
    return product


def coupon_for(member, amount="50.00") -> str:
    reward = Reward.objects.create(
        name_en="Coupon", kind=RewardKind.COUPON_AMOUNT, points_cost=100, coupon_amount=amount
    )
    return redeem(member=member, reward=reward, idempotency_key=f"c{member.pk}").coupon_code


def shown_total(response) -> str:
    """The hidden total the summary carries to "Place order" ("2500.00 USD")."""
    found = re.search(r'name="expected_total" value="([^"]+)"', response.content.decode())
    return found.group(1) if found else ""


def rows(response) -> dict[str, str]:
    """The summary's amounts by row kind, as shown."""
    html = response.content.decode()
    return dict(re.findall(r'data-row="(\w+)"[^>]*>(?:<bdi[^>]*>)?([^<]+)', html))


def test_a_platinum_member_is_not_charged_for_the_express_shipping_their_tier_makes_free(
    client, exchange_rates, tiers, express
):
    member = member_of_tier(tiers["platinum"])
    fill_cart(member)
    client.force_login(member.user)

    page = client.post(
        "/en/checkout/",
        {"update_totals": "1", "shipping_method": express.pk, "payment_method": "bank_transfer"},
    )
    response = client.post(
        "/en/checkout/",
        checkout_form(express, email=None, expected_total=shown_total(page)),
    )

    order = Order.objects.get()
    assert response.status_code == 302
    assert rows(page)["shipping"] == "$250.00"
    assert rows(page)["shipping_benefit"] == "-$250.00"
    assert rows(page)["total"] == "$1,760.00"  # 2 × 1,000 at 12% off, freight free
    assert (order.shipping_amount, order.shipping_discount_amount) == (0, Decimal("250.00"))
    assert order.shipping_discount_label == "Platinum: free shipping"
    assert order.total_amount == Decimal("1760.00")


@pytest.mark.parametrize(
    ("tier", "currency", "freight", "benefit", "label"),
    [
        ("silver", "EUR", "230.00", "20.00", "Silver: €20.00 off shipping"),
        ("silver", "USD", "250.00", "25.00", "Silver: $25.00 off shipping"),
        # No JPY amount of its own: the base currency's 25 USD, converted (× 151.20).
        ("silver", "JPY", "37800", "3780", "Silver: $25.00 off shipping"),
        ("gold", "EUR", "230.00", "0", ""),  # Gold's benefit is on sea freight only
        ("platinum", "EUR", "230.00", "230.00", "Platinum: free shipping"),
    ],
)
def test_shipping_benefits_apply_per_method_percent_or_amount_per_currency(
    client, exchange_rates, tiers, express, tier, currency, freight, benefit, label
):
    member = member_of_tier(tiers[tier])
    fill_cart(member)
    client.force_login(member.user)
    client.post("/currency/", {"currency": currency})

    response = client.post("/en/checkout/", checkout_form(express, email=None))

    order = Order.objects.get()
    assert response.status_code == 302
    assert order.shipping_amount + order.shipping_discount_amount == Decimal(freight)
    assert order.shipping_discount_amount == Decimal(benefit)
    assert order.shipping_discount_label == label


def test_a_benefit_on_freight_quoted_later_is_named_on_the_order_for_the_quote(
    client, exchange_rates, tiers, sea
):
    member = member_of_tier(tiers["gold"])
    fill_cart(member)
    client.force_login(member.user)

    client.post("/en/checkout/", checkout_form(sea, email=None))

    order = Order.objects.get()
    assert order.freight_quoted_later
    assert (order.shipping_amount, order.shipping_discount_amount) == (0, 0)
    assert order.shipping_discount_label == "Gold: 50% off shipping"


COMBINATIONS = {
    "guest, paid express": dict(tier=None, coupon=False, points=0, method="express"),
    "tier discount, free express": dict(tier="platinum", coupon=False, points=0, method="express"),
    "tier discount, coupon, points, free express": dict(
        tier="platinum", coupon=True, points=1000, method="express"
    ),
    "tier discount, coupon, points, subsidised express": dict(
        tier="silver", coupon=True, points=2000, method="express"
    ),
    "coupon, points, freight quoted later": dict(
        tier="member", coupon=True, points=500, method="sea"
    ),
}


@pytest.mark.parametrize("case", COMBINATIONS.values(), ids=COMBINATIONS.keys())
def test_the_total_shown_before_placing_is_the_order_total_and_the_payment_amount(
    client, exchange_rates, tiers, express, sea, fake_stripe, case
):
    method = express if case["method"] == "express" else sea
    fields = {"payment_method": "stripe"}
    if case["tier"]:
        member = member_of_tier(tiers[case["tier"]], points=5000)
        client.force_login(member.user)
        fill_cart(member, price="1234.56", quantity=3)
        fields["email"] = None
    else:
        client.post("/en/cart/add/", {"product": ProductFactory(price="1234.56").pk, "quantity": 3})
    client.post("/currency/", {"currency": "EUR"})
    link = f"?coupon={coupon_for(member)}" if case["coupon"] else ""

    first = client.get(f"/de/checkout/{link}")
    summary = client.post(
        "/de/checkout/",
        {
            "update_totals": "1",
            "shipping_method": method.pk,
            "coupon_code": first.context["form"]["coupon_code"].value() or "",
            "points": case["points"] or "",
        },
    )
    shown = shown_total(summary)
    placed = client.post(
        "/de/checkout/",
        checkout_form(
            method,
            **fields,
            coupon_code=first.context["form"]["coupon_code"].value() or "",
            points=case["points"] or "",
            expected_total=shown,
        ),
    )

    order = Order.objects.get()
    payment = Payment.objects.get(order=order)
    (session,) = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    amount, currency = shown.split()
    assert placed.status_code == 302
    assert not summary.context["preview"].errors
    assert Money(amount, currency) == order.total == payment.money
    assert session.params["line_items"][0]["price_data"]["unit_amount"] == str(
        int(order.total_amount * 100)
    )
    assert order.discounts.count() == bool(case["coupon"]) + bool(case["points"])


def test_changing_the_choices_updates_the_summary_and_places_nothing(
    client, exchange_rates, tiers, express, sea
):
    member = member_of_tier(tiers["silver"], points=3000)
    fill_cart(member)
    client.force_login(member.user)
    code = coupon_for(member)

    express_summary = client.post(
        "/en/checkout/", {"update_totals": "1", "shipping_method": express.pk}
    )
    discounted = client.post(
        "/en/checkout/",
        {
            "update_totals": "1",
            "shipping_method": express.pk,
            "coupon_code": code,
            "points": "1000",
            "ship_to_city": "Hamburg",
        },
    )
    sea_summary = client.post(
        "/en/checkout/",
        {"update_totals": "1", "shipping_method": sea.pk},
        HTTP_X_CHECKOUT_SUMMARY="1",
    )

    assert not Order.objects.exists()
    assert rows(express_summary) == {
        "list_subtotal": "$2,000.00",
        "member_saving": "-$100.00",
        "subtotal": "$1,900.00",
        "shipping": "$250.00",
        "shipping_benefit": "-$25.00",
        "total": "$2,125.00",
    }
    discounts = re.findall(r'data-row="discount"><bdi[^>]*>([^<]+)', discounted.content.decode())
    assert discounts == ["-$10.00", "-$50.00"]  # 1,000 points, then the coupon
    assert rows(discounted)["total"] == "$2,065.00"  # 2,125 - 50 coupon - 10 (1,000 points)
    assert discounted.context["form"]["ship_to_city"].value() == "Hamburg"
    assert not discounted.context["form"].errors  # a half-filled address is not an error yet
    assert "<html" not in sea_summary.content.decode()  # the script's request: summary only
    assert rows(sea_summary)["shipping"] == "Quoted separately"


def test_a_coupon_or_points_that_cannot_be_used_are_left_out_of_the_summary_with_the_reason(
    client, exchange_rates, tiers, express
):
    member = member_of_tier(tiers["member"], points=600)
    fill_cart(member)
    client.force_login(member.user)

    response = client.post(
        "/en/checkout/",
        {
            "update_totals": "1",
            "shipping_method": express.pk,
            "coupon_code": "R-NOSUCHCODE",
            "points": "5000",
        },
    )

    page = response.content.decode()
    assert "Coupon: This coupon code is not valid or has expired." in page
    assert "Points: You have 600 points available." in page
    assert rows(response)["total"] == "$2,250.00"
    assert "discount" not in rows(response)


def test_the_coupon_link_from_the_member_center_fills_in_and_applies_the_coupon(
    client, exchange_rates, tiers, express
):
    member = member_of_tier(tiers["member"], points=100)
    fill_cart(member)
    client.force_login(member.user)
    code = coupon_for(member, amount="75.00")

    response = client.get(f"/de/checkout/?coupon={code}")

    assert response.context["form"]["coupon_code"].value() == code
    assert response.context["preview"].coupon_code == code
    assert [line.amount for line in response.context["preview"].quote.discounts] == [
        Decimal("75.00")
    ]


def test_an_order_is_not_placed_when_the_total_changed_since_the_summary_was_shown(
    client, exchange_rates, tiers, express
):
    member = member_of_tier(tiers["member"])
    product = fill_cart(member)
    client.force_login(member.user)
    shown = shown_total(client.get("/en/checkout/"))
    product.price = Money("1100.00", "USD")
    product.save()

    response = client.post(
        "/en/checkout/", checkout_form(express, email=None, expected_total=shown)
    )

    assert not Order.objects.exists()
    assert response.context["form"].non_field_errors() == [
        "The total is now $2,450.00 (prices, stock or your points changed since the summary "
        "was shown). Check the summary and place the order again."
    ]
    assert shown_total(response) == "2450.00 USD"


def test_the_order_page_and_both_emails_carry_every_line_of_the_summary(
    client, exchange_rates, tiers, express, django_capture_on_commit_callbacks
):
    member = member_of_tier(tiers["platinum"], points=5000)
    fill_cart(member)
    client.force_login(member.user)
    code = coupon_for(member)
    summary = client.post(
        "/en/checkout/",
        {"update_totals": "1", "shipping_method": express.pk, "coupon_code": code, "points": 1000},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/checkout/",
            checkout_form(
                express,
                email=None,
                coupon_code=code,
                points="1000",
                expected_total=shown_total(summary),
            ),
        )

    order = Order.objects.get()
    page = client.get(f"/en/orders/{order.access_token}/")
    (email,) = [message for message in mail.outbox if order.number in message.subject]
    html = email.alternatives[0][0]
    expected = [
        ("Merchandise at list prices", "$2,000.00"),
        ("Member price discount", "-$240.00"),
        ("Merchandise subtotal", "$1,760.00"),
        ("1,000 points", "-$10.00"),
        (f"Coupon {code}", "-$50.00"),
        ("Shipping (Express air courier)", "$250.00"),
        ("Platinum: free shipping", "-$250.00"),
        ("Total", "$1,700.00"),
    ]
    shown_rows = [(row.label, str(row.amount)) for row in summary.context["preview"].quote.rows()]
    assert sorted(shown_rows) == sorted(
        (label, amount.replace("-", "")) for label, amount in expected
    )
    assert rows(page) == rows(summary)
    for label, amount in expected:
        assert f"{label}: {amount}" in email.body
        assert label in html and amount in html


def test_a_coupon_typed_just_before_placing_lowers_the_total_and_the_order_goes_through(
    client, exchange_rates, tiers, express
):
    member = member_of_tier(tiers["member"], points=100)
    fill_cart(member)
    client.force_login(member.user)
    code = coupon_for(member)
    shown = shown_total(client.get("/en/checkout/"))  # without the coupon: 2,250.00

    response = client.post(
        "/en/checkout/",
        checkout_form(express, email=None, coupon_code=code, expected_total=shown),
    )

    assert response.status_code == 302
    assert Order.objects.get().total_amount == Decimal("2200.00")


def test_an_order_in_another_currency_than_the_one_shown_is_not_placed(
    client, exchange_rates, tiers, express
):
    member = member_of_tier(tiers["member"])
    fill_cart(member)
    client.force_login(member.user)
    shown = shown_total(client.get("/en/checkout/"))
    client.post("/currency/", {"currency": "EUR"})  # e.g. in another tab

    response = client.post(
        "/en/checkout/", checkout_form(express, email=None, expected_total=shown)
    )

    assert response.status_code == 200
    assert not Order.objects.exists()


@pytest.mark.parametrize("method", ["paypal", "bank_transfer"])
def test_paypal_and_bank_transfer_ask_for_the_total_shown(
    client, exchange_rates, tiers, express, fake_paypal, method
):
    member = member_of_tier(tiers["platinum"], points=5000)
    fill_cart(member, price="1234.56", quantity=3)
    client.force_login(member.user)
    client.post("/currency/", {"currency": "JPY"})
    code = coupon_for(member)
    summary = client.post(
        "/ja/checkout/",
        {"update_totals": "1", "shipping_method": express.pk, "coupon_code": code, "points": 900},
    )
    shown = shown_total(summary)

    client.post(
        "/ja/checkout/",
        checkout_form(
            express,
            email=None,
            payment_method=method,
            coupon_code=code,
            points="900",
            expected_total=shown,
        ),
    )

    order = Order.objects.get()
    amount, currency = shown.split()
    assert Money(amount, currency) == order.total
    if method == "paypal":
        payment = Payment.objects.get(order=order)
        created = fake_paypal.payment(payment.reference)["transactions"][0]["amount"]
        assert created == {"total": str(int(order.total_amount)), "currency": "JPY"}
    else:
        page = client.get(f"/ja/orders/{order.access_token}/").content.decode()
        assert str(order.total) in page  # the amount to transfer


def test_a_currency_without_an_exchange_rate_asks_for_another_currency_instead_of_failing(
    client, express
):
    """A product priced explicitly in euros can be priced without a rate, but a flat freight
    price cannot be converted: the summary says so (it answered 500 before)."""
    member = MemberFactory()
    product = fill_cart(member)
    ProductPrice.objects.create(product=product, min_quantity=1, price=Money("900.00", "EUR"))
    client.force_login(member.user)
    client.post("/currency/", {"currency": "EUR"})

    summary = client.post("/en/checkout/", {"update_totals": "1", "shipping_method": express.pk})

    assert summary.status_code == 200
    assert "Prices in EUR are not available right now." in summary.content.decode()
    assert shown_total(summary) == ""
    assert not Order.objects.exists()
