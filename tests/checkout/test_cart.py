"""Carts: MOQ and stock checks, re-pricing on currency switch, guest cart merged at sign-in."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.checkout.models import Cart, CartLine
from tests.factories import PASSWORD, ProductFactory
from tests.text import text_with_testid

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def add(client, product, quantity, language="en"):
    return client.post(
        f"/{language}/cart/add/", {"product": product.pk, "quantity": quantity}, follow=True
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def subtotal_of(response) -> str:
    return text_with_testid(response, "cart-subtotal")


def test_adding_below_the_minimum_order_quantity_is_refused_and_changes_nothing(
    client, exchange_rates
):
    product = ProductFactory(name_en="Valve", minimum_order_quantity=10)

    response = add(client, product, 5)

    assert messages_of(response) == ["Valve has a minimum order quantity of 10 pcs."]
    assert not CartLine.objects.exists()


def test_the_cart_line_total_must_fit_the_stock(client, exchange_rates):
    product = ProductFactory(name_en="Pump", stock_quantity=12, unit="sets")
    add(client, product, 8)

    response = add(client, product, 5)

    assert messages_of(response) == ["Only 12 sets of Pump are in stock."]
    assert CartLine.objects.get().quantity == 8


def test_adding_the_same_product_again_adds_to_its_line(client, exchange_rates):
    product = ProductFactory(price=Decimal("10.00"))
    add(client, product, 3)
    response = add(client, product, 4)

    assert CartLine.objects.get().quantity == 7
    assert subtotal_of(response) == "$70.00"


def test_switching_currency_reprices_the_cart(client, exchange_rates):
    product = ProductFactory(price=Decimal("10.00"))
    add(client, product, 3)

    client.post("/currency/", {"currency": "JPY"})
    response = client.get("/ja/cart/")

    assert subtotal_of(response) == "￥4,536"  # 3 × 10 USD × 151.20, no minor unit


def test_setting_quantity_to_zero_removes_the_line(client, exchange_rates):
    product = ProductFactory()
    add(client, product, 2)

    client.post("/en/cart/update/", {"product": product.pk, "quantity": 0})

    assert not CartLine.objects.exists()


def test_a_guest_cart_merges_into_the_member_cart_at_sign_in(client, member, exchange_rates):
    valve, pump = ProductFactory(), ProductFactory(stock_quantity=5)
    member_cart = Cart.objects.create(member=member)
    CartLine.objects.create(cart=member_cart, product=valve, quantity=2)
    CartLine.objects.create(cart=member_cart, product=pump, quantity=4)
    add(client, valve, 3)
    add(client, pump, 3)

    client.post("/en/accounts/login/", {"login": member.user.email, "password": PASSWORD})

    quantities = dict(member_cart.lines.values_list("product__sku", "quantity"))
    assert quantities == {valve.sku: 5, pump.sku: 5}  # the pump is capped at its stock
    assert Cart.objects.count() == 1
    assert subtotal_of(client.get("/en/cart/"))  # the member now sees the merged cart


@pytest.mark.parametrize("page", ["/en/cart/", "/en/checkout/"])
def test_cart_and_checkout_queries_do_not_grow_with_the_number_of_lines(
    client, exchange_rates, shipping_method, page
):
    add(client, ProductFactory(), 1)
    cart = Cart.objects.get()
    counts = []
    for total in (5, 200):
        CartLine.objects.all().delete()
        CartLine.objects.bulk_create(
            CartLine(cart=cart, product=product, quantity=1)
            for product in ProductFactory.create_batch(total)
        )
        client.get(page)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        counts.append(len(captured))

    assert counts[0] == counts[1]
