"""Quick order: SKU and quantity rows (typed or a CSV file) into the cart with the cart's rules;
a failed row adds nothing and says why beside itself, the good rows are added."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.catalog.errors import ProductNotReleased
from apps.checkout.carts import CART_SESSION_KEY
from apps.checkout.errors import (
    BelowMinimumOrder,
    InvalidQuantity,
    NotAPackMultiple,
    NotEnoughStock,
    ProductUnavailable,
    UnknownSku,
)
from apps.checkout.models import Cart, CartLine
from apps.checkout.quick_order import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    OrderRow,
    QuickOrderTooLarge,
    UnreadableFile,
    add_rows_to_cart,
    parse_quantity,
    rows_from_csv,
    rows_from_form,
)
from apps.checkout.services import add_to_cart
from tests.factories import ProductFactory
from tests.text import page_text

pytestmark = pytest.mark.django_db


def lines() -> dict[str, int]:
    return {line.product.sku: line.quantity for line in CartLine.objects.select_related("product")}


def row(sku: str, quantity: str, number: int = 1) -> OrderRow:
    return OrderRow(number=number, sku=sku, quantity=quantity)


# --- the rules, one by one --------------------------------------------------------------------


def test_a_quantity_that_is_not_a_multiple_of_the_pack_size_is_refused_by_the_cart():
    product = ProductFactory(name_en="Gasket", pack_size=12, unit="pcs")
    cart = Cart.objects.create()

    with pytest.raises(NotAPackMultiple) as refused:
        add_to_cart(cart=cart, product=product, quantity=30)

    assert str(refused.value.message) == (
        "Gasket is sold in packs of 12 pcs: order a multiple of it."
    )
    assert not CartLine.objects.exists()
    add_to_cart(cart=cart, product=product, quantity=36)
    assert lines() == {product.sku: 36}


def test_each_row_fails_for_its_own_reason_and_the_good_rows_are_added():
    cart = Cart.objects.create()
    valve = ProductFactory(sku="VALVE-DN50", minimum_order_quantity=10)
    gasket = ProductFactory(sku="GASKET-12", pack_size=12)
    pump = ProductFactory(sku="PUMP-1", stock_quantity=3)
    retired = ProductFactory(sku="OLD-1", is_active=False)
    coming = ProductFactory(sku="NEW-1", public_from=timezone.now() + timedelta(days=5))
    hose = ProductFactory(sku="HOSE-5")

    result = add_rows_to_cart(
        cart=cart,
        rows=[
            row("valve-dn50", "20", 1),  # SKUs match whatever the case
            row("NOPE-404", "5", 2),
            row("VALVE-DN50", "4", 3),  # 20 + 4 is above the minimum, so it is fine
            row("GASKET-12", "13", 4),
            row("PUMP-1", "4", 5),
            row("OLD-1", "1", 6),
            row("NEW-1", "1", 7),
            row("HOSE-5", "two", 8),
            row("HOSE-5", "0", 9),
            row("HOSE-5", "1 000", 10),
        ],
    )

    assert [outcome.row.number for outcome in result.added] == [1, 3, 10]
    assert {outcome.row.number: outcome.code for outcome in result.failed} == {
        2: UnknownSku.code,
        4: NotAPackMultiple.code,
        5: NotEnoughStock.code,
        6: ProductUnavailable.code,
        7: ProductNotReleased.code,
        8: InvalidQuantity.code,
        9: InvalidQuantity.code,
    }
    assert lines() == {valve.sku: 24, hose.sku: 1000}
    assert gasket.pk and pump.pk and retired.pk and coming.pk


def test_a_row_below_the_minimum_order_quantity_adds_nothing():
    cart = Cart.objects.create()
    ProductFactory(sku="VALVE-DN50", name_en="Valve", minimum_order_quantity=10)

    result = add_rows_to_cart(cart=cart, rows=[row("VALVE-DN50", "5")])

    assert [outcome.code for outcome in result.failed] == [BelowMinimumOrder.code]
    assert result.failed[0].error == "Valve has a minimum order quantity of 10 pcs."
    assert not CartLine.objects.exists()


def test_early_access_shoppers_may_order_a_product_before_its_public_date():
    cart = Cart.objects.create()
    ProductFactory(sku="NEW-1", public_from=timezone.now() + timedelta(days=5))

    result = add_rows_to_cart(cart=cart, rows=[row("NEW-1", "2")], early_access=True)

    assert not result.failed
    assert lines() == {"NEW-1": 2}


@pytest.mark.parametrize("text", ["", "x", "-3", "0", "1.5", "\uff12"])
def test_a_quantity_is_a_whole_number_of_at_least_one(text):
    with pytest.raises(InvalidQuantity):
        parse_quantity(text)


def test_typed_rows_leave_out_blank_rows_and_keep_their_numbers():
    rows = rows_from_form(["A-1", "", " B-2 ", ""], ["3", "", "", "4"])

    assert rows == [row("A-1", "3", 1), row("B-2", "", 3), row("", "4", 4)]


# --- CSV files ----------------------------------------------------------------------------------


def test_a_csv_file_with_a_header_and_excel_byte_order_mark():
    content = "\ufeffSKU;Quantity\r\nVALVE-DN50;20\r\n\r\nGASKET-12;24\r\n".encode()

    assert rows_from_csv(content) == [row("VALVE-DN50", "20", 2), row("GASKET-12", "24", 4)]


def test_a_csv_file_without_a_header_keeps_its_first_row():
    assert rows_from_csv(b"VALVE-DN50,20\nGASKET-12,24\n") == [
        row("VALVE-DN50", "20", 1),
        row("GASKET-12", "24", 2),
    ]


def test_a_csv_file_in_windows_1252_is_read():
    assert rows_from_csv("STÜCK-1,5\n".encode("cp1252")) == [row("STÜCK-1", "5", 1)]


def test_a_csv_file_too_large_or_with_too_many_rows_is_refused():
    with pytest.raises(QuickOrderTooLarge):
        rows_from_csv(b"A," + b"1" * MAX_UPLOAD_BYTES)
    with pytest.raises(QuickOrderTooLarge):
        rows_from_csv(b"".join(b"A-%d,1\n" % n for n in range(MAX_ROWS + 1)))


def test_a_binary_file_is_unreadable():
    with pytest.raises(UnreadableFile):
        rows_from_csv(b"\x00\x81\x8d\x8f\x90\x9d" * 10)


# --- the page -----------------------------------------------------------------------------------


def test_the_page_adds_good_rows_and_shows_each_failed_row_with_its_error(client, exchange_rates):
    ProductFactory(sku="VALVE-DN50", minimum_order_quantity=10, name_en="Valve")
    ProductFactory(sku="HOSE-5")

    response = client.post(
        "/en/quick-order/",
        {"sku": ["VALVE-DN50", "HOSE-5", "NOPE-1", ""], "quantity": ["5", "3", "2", ""]},
    )

    assert response.status_code == 400
    text = page_text(response)
    assert "1 row was added to your cart." in text
    assert "2 rows were not added: correct them below." in text
    assert "Valve has a minimum order quantity of 10 pcs." in text
    assert "No product has the SKU NOPE-1." in text
    # the failed rows come back for correcting, the added one does not
    assert response.content.decode().count('data-testid="row-error"') == 2
    assert 'value="NOPE-1"' in response.content.decode()
    assert 'value="HOSE-5"' not in response.content.decode()
    assert lines() == {"HOSE-5": 3}


def test_all_rows_good_goes_to_the_cart(client, exchange_rates):
    ProductFactory(sku="HOSE-5")

    response = client.post("/en/quick-order/", {"sku": ["HOSE-5"], "quantity": ["3"]}, follow=True)

    assert response.redirect_chain[-1][0] == "/en/cart/"
    assert "1 row was added to your cart." in page_text(response)
    assert Cart.objects.get().pk == client.session[CART_SESSION_KEY]


def test_errors_are_translated(client, exchange_rates):
    ProductFactory(sku="GASKET-12", pack_size=12, name_en="Gasket", name_de="Dichtung")

    response = client.post("/de/quick-order/", {"sku": ["GASKET-12"], "quantity": ["5"]})

    assert "Dichtung wird in Packungen zu 12 Stk. verkauft" in page_text(response)


def test_a_csv_upload_adds_its_rows(client, exchange_rates):
    ProductFactory(sku="HOSE-5")
    upload = SimpleUploadedFile("order.csv", b"sku,quantity\nHOSE-5,7\nNOPE,1\n", "text/csv")

    response = client.post("/en/quick-order/", {"upload": "1", "file": upload})

    assert "No product has the SKU NOPE." in page_text(response)
    assert lines() == {"HOSE-5": 7}


def test_more_rows_keeps_the_typed_rows_and_adds_nothing(client, exchange_rates):
    ProductFactory(sku="HOSE-5")

    response = client.post(
        "/en/quick-order/", {"sku": ["HOSE-5"], "quantity": ["3"], "more_rows": "1"}
    )

    assert response.content.decode().count('name="sku"') == 6
    assert not CartLine.objects.exists()


def test_sku_suggestions_search_skus_and_names_and_hide_what_the_shopper_may_not_buy(client):
    ProductFactory(sku="VALVE-DN50", name_en="Ball valve")
    ProductFactory(sku="PUMP-1", name_en="Pump for valves")
    ProductFactory(sku="VALVE-OLD", is_active=False)
    ProductFactory(sku="VALVE-NEW", public_from=timezone.now() + timedelta(days=5))

    found = client.get("/en/quick-order/skus/", {"q": "valv"}).json()["results"]

    assert [item["sku"] for item in found] == ["PUMP-1", "VALVE-DN50"]
    assert client.get("/en/quick-order/skus/", {"q": "v"}).json() == {"results": []}
