"""Checkout: from a cart to a pending-payment order, for guests, joiners and members."""

from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from apps.accounts.models import User
from apps.checkout.models import CartLine
from apps.orders.models import Order, OrderStatus
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def checkout_form(shipping_method, **overrides) -> dict:
    data = {
        "email": "buyer@example.org",
        "ship_to_name": "Max Mustermann",
        "ship_to_company": "Muster GmbH",
        "ship_to_line1": "Hafenstraße 1",
        "ship_to_city": "Hamburg",
        "ship_to_postal_code": "20457",
        "ship_to_country": "DE",
        "incoterm": "CIF",
        "shipping_method": shipping_method.pk,
        "payment_method": "bank_transfer",
        "po_number": "PO-7781",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def cart_with_valves(client, exchange_rates):
    valve = ProductFactory(
        name_en="Valve",
        name_de="Ventil",
        price=Decimal("185.00"),
        minimum_order_quantity=10,
        stock_quantity=100,
    )
    client.post("/de/cart/add/", {"product": valve.pk, "quantity": 20})
    client.post("/currency/", {"currency": "EUR"})
    return valve


def test_a_guest_places_a_bank_transfer_order_at_captured_prices_and_gets_an_email(
    client, cart_with_valves, shipping_method, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/de/checkout/", checkout_form(shipping_method))

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/de/orders/{order.access_token}/"
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert (order.currency, order.exchange_rate) == ("EUR", Decimal("0.92"))
    line = order.lines.get()
    assert (line.quantity, line.unit_price, line.line_total) == (
        20,
        Decimal("170.20"),
        Decimal("3404.00"),
    )
    assert order.shipping_amount == Decimal("36.80")  # 40 USD flat freight at 0.92
    assert order.total_amount == Decimal("3440.80")
    assert (order.incoterm, order.po_number, order.language) == ("CIF", "PO-7781", "de")
    assert order.member is None
    cart_with_valves.refresh_from_db()
    assert cart_with_valves.stock_quantity == 80
    assert not CartLine.objects.exists()
    (email,) = mail.outbox
    assert email.to == ["buyer@example.org"]
    assert email.subject == f"Wir haben Ihre Bestellung {order.number} erhalten"
    assert "3.440,80" in email.body and "IBAN" in email.body


def test_joining_at_checkout_creates_an_unverified_member_who_owns_the_order(
    client, cart_with_valves, shipping_method, django_capture_on_commit_callbacks
):
    form = checkout_form(shipping_method, join="on", password="a-Strong-passphrase-26")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/checkout/", form)

    order = Order.objects.get()
    user = User.objects.get(email="buyer@example.org")
    assert order.member == user.member
    assert (user.member.preferred_language, user.member.preferred_currency) == ("de", "EUR")
    assert user.member.company_name == "Muster GmbH"
    assert EmailAddress.objects.get(user=user).verified is False
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("E-Mail" in subject for subject in subjects)  # allauth's verification, in German
    assert "_auth_user_id" not in client.session  # signed in only once the email is confirmed


def test_joining_without_a_password_is_refused(client, cart_with_valves, shipping_method):
    # A taken email is not refused: tests/checkout/test_join_with_a_registered_email.py
    no_password = client.post("/en/checkout/", checkout_form(shipping_method, join="on"))

    assert no_password.context["form"].errors["password"]
    assert not Order.objects.exists()
    assert CartLine.objects.count() == 1


def test_a_coupon_nobody_issued_is_refused_with_a_reason(client, cart_with_valves, shipping_method):
    response = client.post("/en/checkout/", checkout_form(shipping_method, coupon_code="FREE"))

    assert response.context["form"].non_field_errors() == [
        "This coupon code is not valid or has expired."
    ]
    assert not Order.objects.exists()


def test_the_address_rules_follow_the_country(client, cart_with_valves, shipping_method):
    us = client.post("/en/checkout/", checkout_form(shipping_method, ship_to_country="US"))
    hong_kong = client.post(
        "/en/checkout/",
        checkout_form(shipping_method, ship_to_country="HK", ship_to_postal_code=None),
    )

    assert "ship_to_region" in us.context["form"].errors
    assert hong_kong.status_code == 302


def test_stock_taken_by_someone_else_meanwhile_refuses_the_order_and_keeps_the_cart(
    client, cart_with_valves, shipping_method
):
    cart_with_valves.stock_quantity = 15
    cart_with_valves.save(update_fields=["stock_quantity"])

    response = client.post("/en/checkout/", checkout_form(shipping_method))

    assert "Only 15 pcs of Valve are in stock." in response.context["form"].non_field_errors()
    assert not Order.objects.exists()
    assert CartLine.objects.get().quantity == 20


def test_a_member_checks_out_without_contact_fields(
    client, member, exchange_rates, shipping_method
):
    client.force_login(member.user)
    product = ProductFactory()
    client.post("/en/cart/add/", {"product": product.pk, "quantity": 1})

    response = client.post("/en/checkout/", checkout_form(shipping_method, email=None))

    assert response.status_code == 302
    assert Order.objects.get().member == member
    assert Order.objects.get().email == member.user.email


def test_an_empty_cart_cannot_check_out(client, db):
    response = client.get("/en/checkout/")

    assert response.status_code == 302
    assert response["Location"] == "/en/cart/"
