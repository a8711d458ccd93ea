"""Redeeming points at checkout: a discount line, taken when placed, back when cancelled."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.checkout.models import Cart, CartLine
from apps.ledger import services
from apps.ledger.selectors import balance
from apps.orders.models import Order, OrderStatus
from apps.orders.services import cancel_unpaid_orders
from tests.checkout.test_checkout import checkout_form
from tests.factories import ProductFactory
from tests.text import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_with_cart(client, member, exchange_rates):
    services.earn(member=member, points=3000, reason="seed", idempotency_key="seed")
    cart = Cart.objects.create(member=member)
    CartLine.objects.create(cart=cart, product=ProductFactory(price=Decimal("40.00")), quantity=1)
    client.force_login(member.user)
    return member


def place(client, shipping_method, **fields):
    data = checkout_form(
        shipping_method, **{"email": None, "payment_method": "bank_transfer", **fields}
    )
    return client.post("/en/checkout/", data)


def test_points_become_a_discount_line_in_the_order_currency(
    client, member_with_cart, shipping_method
):
    client.post("/currency/", {"currency": "EUR"})

    response = place(client, shipping_method, points="1000")

    order = Order.objects.get()
    discount = order.discounts.get()
    assert response.status_code == 302
    # 1,000 points = 10 USD = 9.20 EUR; subtotal 36.80 EUR (40 USD), freight 36.80 EUR
    assert (discount.kind, discount.amount, order.currency) == ("points", Decimal("9.20"), "EUR")
    assert order.total_amount == Decimal("36.80") - Decimal("9.20") + Decimal("36.80")
    assert balance(member_with_cart).available == 2000


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("400", "Redeem at least 500 points."),
        ("2500", "Points can pay at most half of the merchandise; redeem up to 2,000 points"),
        ("5000", "You have 3,000 points available."),
    ],
)
def test_invalid_redemptions_are_refused_with_a_reason_and_change_nothing(
    client, member_with_cart, shipping_method, points, message
):
    response = place(client, shipping_method, points=points)

    errors = " ".join(response.context["form"].non_field_errors())
    assert message in errors
    assert not Order.objects.exists()
    assert balance(member_with_cart).available == 3000


def test_the_checkout_page_tells_the_member_what_they_can_redeem(
    client, member_with_cart, shipping_method
):
    page = page_text(client.get("/en/checkout/"))

    assert "You have 3,000 points. Redeem 500 to 2,000 on this order" in page


def test_an_unpaid_order_is_cancelled_after_its_deadline_and_the_points_come_back(
    client, member_with_cart, shipping_method, django_capture_on_commit_callbacks
):
    place(client, shipping_method, points="1000")
    Order.objects.update(payment_method="stripe")  # card orders wait 2 days, not 30

    with django_capture_on_commit_callbacks(execute=True):
        assert cancel_unpaid_orders(as_of=timezone.now() + timedelta(days=1)) == 0
        assert cancel_unpaid_orders(as_of=timezone.now() + timedelta(days=3)) == 1

    assert Order.objects.get().status == OrderStatus.CANCELLED
    assert balance(member_with_cart).available == 3000
