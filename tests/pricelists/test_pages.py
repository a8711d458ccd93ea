"""Each buyer sees their own price on the storefront, in the cart, at checkout and in the
catalogue cache; one buyer's price never reaches another's page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.orders.models import Order
from apps.pricelists.services import assign_price_list, set_item_price
from tests.factories import MemberFactory
from tests.text import page_text, text_with_testid, visible

from .builders import company_buyer, fixed_list, gold

pytestmark = pytest.mark.django_db


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def price_table(response) -> list[str]:
    table = re.search(r'<table class="price-breaks">.*?</table>', response.content.decode(), re.S)
    assert table, "no price table"
    return [visible(row) for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]]


def card_price(response) -> str:
    found = re.search(r'<p class="product-price">(.*?)</p>', response.content.decode(), re.S)
    assert found, "no product card"
    return visible(found.group(1))


@pytest.fixture
def rival(valve):
    """Another company with its own list: the valve at 60.00."""
    company, buyer = company_buyer("Rival SARL", country="FR")
    price_list = fixed_list("Rival")
    assign_price_list(price_list=price_list, company=company)
    set_item_price(price_list=price_list, product=valve, price=Decimal("60.00"))
    return buyer


def test_the_product_page_shows_the_company_price_its_breaks_and_says_so(importer, valve):
    _company, buyer, _list = importer

    response = signed_in(buyer).get(valve.get_absolute_url())

    assert price_table(response) == [
        "1–9 $100.00 $80.00 Your company price",
        "10+ $100.00 $70.00 Your company price",
    ]


def test_the_product_page_says_which_price_applies_in_german(importer, valve):
    _company, buyer, _list = importer
    gold(buyer, percent="25")

    response = signed_in(buyer).get(f"/de/products/{valve.slug}/")

    rows = price_table(response)
    assert "Gold-Preis" in rows[0] and "Ihr Firmenpreis" in rows[1], rows


def test_buyers_of_different_companies_a_member_and_a_visitor_never_see_each_others_price(
    importer, rival, valve
):
    _company, buyer, _list = importer
    shoppers = {
        "importer": (signed_in(buyer), "1–9 $100.00 $80.00 Your company price", "from $70.00"),
        "rival": (signed_in(rival), "1+ $100.00 $60.00 Your company price", "from $60.00"),
        "member": (signed_in(MemberFactory()), "1+ $100.00", "from $100.00"),
        "visitor": (Client(), "1+ $100.00", "from $100.00"),
    }
    for _round in range(2):  # the second round is served from the cache
        for name, (client, first_row, listing_price) in shoppers.items():
            product = client.get(valve.get_absolute_url())
            listing = client.get("/en/products/")
            assert price_table(product)[0] == first_row, name
            assert card_price(listing) == listing_price, name


def test_a_changed_list_price_reaches_the_cached_pages_at_once(
    importer, valve, django_capture_on_commit_callbacks
):
    _company, buyer, price_list = importer
    client = signed_in(buyer)
    client.get(valve.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        set_item_price(price_list=price_list, product=valve, price=Decimal("77.00"))

    assert "$77.00" in price_table(client.get(valve.get_absolute_url()))[0]


def test_the_cart_applies_the_lists_volume_break_by_quantity(importer, valve):
    _company, buyer, _list = importer
    client = signed_in(buyer)

    client.post("/en/cart/add/", {"product": valve.pk, "quantity": 9})
    nine = client.get("/en/cart/")
    client.post("/en/cart/add/", {"product": valve.pk, "quantity": 1})
    ten = client.get("/en/cart/")

    assert text_with_testid(nine, "cart-subtotal") == "$720.00"  # 9 × 80
    assert text_with_testid(ten, "cart-subtotal") == "$700.00"  # 10 × 70
    assert text_with_testid(ten, "price-source") == "Your company price"


def test_checkout_charges_exactly_the_cart_total_at_the_company_price(
    importer, valve, shipping_method
):
    _company, buyer, _list = importer
    client = signed_in(buyer)
    client.post("/en/cart/add/", {"product": valve.pk, "quantity": 12})
    cart_subtotal = text_with_testid(client.get("/en/cart/"), "cart-subtotal")

    response = client.post(
        "/en/checkout/",
        {
            "ship_to_name": "Max Mustermann",
            "ship_to_company": "Importer GmbH",
            "ship_to_line1": "Hafenstraße 1",
            "ship_to_city": "Hamburg",
            "ship_to_postal_code": "20457",
            "ship_to_country": "DE",
            "incoterm": "CIF",
            "shipping_method": shipping_method.pk,
            "payment_method": "bank_transfer",
        },
    )

    assert response.status_code == 302, page_text(response)
    order = Order.objects.get()
    line = order.lines.get()
    assert cart_subtotal == "$840.00"  # 12 × 70
    assert (line.list_unit_price, line.unit_price) == (Decimal("100.00"), Decimal("70.00"))
    assert order.subtotal_amount == Decimal("840.00")
    assert order.total_amount == order.subtotal_amount + order.shipping_amount


def test_buyers_of_different_lists_share_one_rendering_of_each_page_with_their_own_prices(
    importer, rival, valve
):
    """The price-free page is rendered once (docs/pricelists.md, "Caching"): the second list's
    buyer reads no product, their prices come from the cached page and their own list."""
    _company, buyer, _list = importer
    signed_in(buyer).get("/en/products/")
    signed_in(buyer).get(valve.get_absolute_url())
    client = signed_in(rival)
    client.get("/en/cart/")  # the session, the cart and the rival's list read

    with CaptureQueriesContext(connection) as listing_queries:
        listing = client.get("/en/products/")
    with CaptureQueriesContext(connection) as product_queries:
        product = client.get(valve.get_absolute_url())

    assert card_price(listing) == "from $60.00"
    assert price_table(product) == ["1+ $100.00 $60.00 Your company price"]
    for queries in (listing_queries, product_queries):
        read = " ".join(query["sql"] for query in queries.captured_queries)
        assert '"catalog_product"' not in read


def test_the_lowest_of_catalogue_list_and_tier_price_wins_after_a_catalogue_change(
    importer, valve, django_capture_on_commit_callbacks
):
    _company, buyer, _list = importer
    gold(buyer, percent="25")  # 75.00 from the catalogue's 100.00
    client = signed_in(buyer)
    assert price_table(client.get(valve.get_absolute_url())) == [
        "1–9 $100.00 $75.00 Gold price",
        "10+ $100.00 $70.00 Your company price",
    ]
    assert card_price(client.get("/en/products/")) == "from $70.00"

    with django_capture_on_commit_callbacks(execute=True):
        valve.price = Decimal("60.00")  # below both the list's 80.00 and 70.00
        valve.save()

    assert price_table(client.get(valve.get_absolute_url())) == ["1+ $60.00 $45.00 Gold price"]
    assert card_price(client.get("/en/products/")) == "from $45.00"
