"""An ERP order without unit prices is priced as the storefront prices it for the member:
their company's price list by quantity, their tier price, or the catalogue's."""

from decimal import Decimal

import pytest

from apps.orders.models import Order
from apps.pricelists.services import assign_price_list, create_price_list, set_item_price
from tests.factories import ProductFactory
from tests.pricelists.builders import company_buyer, gold

pytestmark = pytest.mark.django_db


def order(api, member, lines, currency="USD"):
    body = {"external_id": "ERP-7", "member": member.pk, "currency": currency, "lines": lines}
    return api.post("/api/v1/orders/", body, format="json")


def test_lines_without_a_price_get_the_buyers_company_price_by_quantity(api, exchange_rates):
    valve, pump = ProductFactory(price=Decimal("100.00")), ProductFactory(price=Decimal("640"))
    company, buyer = company_buyer()
    price_list = create_price_list(name="Importer", currency="USD")
    assign_price_list(price_list=price_list, company=company)
    set_item_price(price_list=price_list, product=valve, price=Decimal("80.00"))
    set_item_price(price_list=price_list, product=valve, price=Decimal("70.00"), min_quantity=10)

    response = order(
        api,
        buyer,
        [
            {"sku": valve.sku, "quantity": 12},
            {"sku": pump.sku, "quantity": 1},
            {"sku": valve.sku, "quantity": 2, "unit_price": "99.00"},  # the ERP's own price
        ],
    )

    assert response.status_code == 201, response.content
    lines = response.json()["lines"]
    assert [line["unit_price"]["amount"] for line in lines] == ["70.00", "640.00", "99.00"]
    assert response.json()["subtotal"] == {"amount": "1678.00", "currency": "USD"}


def test_a_line_without_a_price_gets_a_plain_members_tier_price(api, member, exchange_rates):
    valve = ProductFactory(price=Decimal("100.00"))
    gold(member, percent="10")

    response = order(api, member, [{"sku": valve.sku, "quantity": 3}], currency="EUR")

    assert response.status_code == 201, response.content
    assert response.json()["lines"][0]["unit_price"] == {"amount": "82.80", "currency": "EUR"}
    line = Order.objects.get().lines.get()
    assert (line.list_unit_price, line.unit_price) == (Decimal("92.00"), Decimal("82.80"))
