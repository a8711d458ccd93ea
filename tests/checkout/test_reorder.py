"""Re-ordering a past order: its lines into the cart at today's prices, with a note of what
changed (price, product no longer sold, quantity raised to the minimum or the pack size)."""

from decimal import Decimal

import pytest

from apps.catalog.pricing import pricing_context
from apps.checkout.models import Cart, CartLine
from apps.checkout.reorder import orderable_quantity, reorder
from apps.orders.models import Order
from tests.factories import make_order
from tests.text import page_text, visible

pytestmark = pytest.mark.django_db


def quantities() -> dict[str, int]:
    return {line.product.sku: line.quantity for line in CartLine.objects.select_related("product")}


@pytest.mark.parametrize(
    ("quantity", "minimum", "pack_size", "expected"),
    [(5, 1, 1, 5), (5, 10, 1, 10), (5, 1, 12, 12), (13, 10, 12, 24), (24, 10, 12, 24)],
)
def test_orderable_quantity_rises_to_the_minimum_then_to_a_whole_pack(
    quantity, minimum, pack_size, expected
):
    assert orderable_quantity(quantity, minimum=minimum, pack_size=pack_size) == expected


def test_reorder_adds_the_lines_at_todays_prices_and_says_what_changed(exchange_rates):
    order = make_order(
        lines=((Decimal("100.00"), 2), (Decimal("50.00"), 5), (Decimal("10.00"), 3)),
    )
    same, dearer, retired = [line.product for line in order.lines.order_by("id")]
    same.price = Decimal("100.00")
    same.save()
    dearer.price = Decimal("55.00")
    dearer.minimum_order_quantity = 6
    dearer.save()
    retired.is_active = False
    retired.save()
    cart = Cart.objects.create()

    result = reorder(cart=cart, order=order, context=pricing_context(currency="USD"))

    assert result.added == 2
    assert quantities() == {same.sku: 2, dearer.sku: 6}
    assert {note.sku: note.kind for note in result.notes if note.sku != dearer.sku} == {
        retired.sku: "not_sold"
    }
    assert [visible(note.message) for note in result.notes] == [
        f"{dearer.name}: quantity changed from 5 pcs to 6 pcs (minimum order or pack).",
        f"{dearer.name}: unit price now $55.00 (you paid $50.00).",
        f"{retired.name} ({retired.sku}) is no longer sold; it was left out.",
    ]


def test_a_line_the_cart_refuses_is_noted_and_the_others_are_added(exchange_rates):
    order = make_order(lines=((Decimal("100.00"), 2), (Decimal("100.00"), 4)))
    plenty, scarce = [line.product for line in order.lines.order_by("id")]
    scarce.stock_quantity = 1
    scarce.save()

    result = reorder(
        cart=Cart.objects.create(), order=order, context=pricing_context(currency="USD")
    )

    assert result.added == 1
    assert quantities() == {plenty.sku: 2}
    assert [note.kind for note in result.notes] == ["refused"]
    assert "in stock" in result.notes[0].message


def test_order_again_from_the_order_page(client, exchange_rates, member):
    order = make_order(member=member, lines=((Decimal("100.00"), 2),))
    client.force_login(member.user)

    page = client.get(f"/en/orders/{order.access_token}/")
    assert 'data-testid="reorder"' in page.content.decode()
    response = client.post(f"/en/cart/reorder/{order.access_token}/", follow=True)

    assert response.redirect_chain[-1][0] == "/en/cart/"
    assert f"1 product of order {order.number} was added to your cart at today's price." in (
        page_text(response)
    )
    assert Cart.objects.get(member=member).lines.count() == 1


def test_order_again_needs_the_orders_secret_link(client, exchange_rates):
    make_order()

    assert client.post("/en/cart/reorder/not-a-token/").status_code == 404
    assert Order.objects.count() == 1
    assert not CartLine.objects.exists()
