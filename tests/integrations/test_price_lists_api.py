"""Price lists for an ERP, read-only (#20): the lists with whom they apply to, a list's prices
with volume breaks, and the scope ``price_lists:read``."""

from decimal import Decimal

import pytest

from apps.integrations.scopes import MEMBERS_READ
from apps.pricelists.models import PriceListKind
from apps.pricelists.services import assign_price_list, create_price_list, set_item_price
from tests.factories import ProductFactory
from tests.pricelists.builders import company_buyer

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def test_an_erp_reads_the_lists_whom_they_apply_to_and_their_prices(
    api, make_key, client_for, django_assert_max_num_queries
):
    valve, pump = ProductFactory(price=Decimal("100.00")), ProductFactory(price=Decimal("640"))
    company, _buyer = company_buyer()
    importer = create_price_list(name="Importer", currency="EUR")
    assign_price_list(price_list=importer, company=company)
    set_item_price(price_list=importer, product=valve, price=Decimal("80.00"))
    set_item_price(price_list=importer, product=valve, price=Decimal("70.00"), min_quantity=10)
    set_item_price(price_list=importer, product=pump, price=Decimal("600.00"))
    dealers = create_price_list(
        name="Dealers", currency="USD", kind=PriceListKind.PERCENT, percent_off=Decimal("7.5")
    )
    assign_price_list(price_list=dealers, customer_type="distributor", country="KE")

    listed = api.get("/api/v1/price-lists/").json()["results"]
    mine = api.get(f"/api/v1/price-lists/?company={company.pk}").json()["results"]
    with django_assert_max_num_queries(8):  # the key, the list, its assignments, its prices
        detail = api.get(f"/api/v1/price-lists/{importer.pk}/").json()

    assert [(p["name"], p["kind"], p["percent_off"]) for p in listed] == [
        ("Importer", "fixed", None),
        ("Dealers", "percent", "7.50"),
    ]
    assert listed[1]["assignments"] == [
        {"company": None, "customer_type": "distributor", "country": "KE"}
    ]
    assert [p["id"] for p in mine] == [importer.pk]
    assert detail["assignments"] == [{"company": company.pk, "customer_type": "", "country": ""}]
    assert [(p["sku"], p["min_quantity"], p["price"]) for p in detail["prices"]] == [
        (valve.sku, 1, {"amount": "80.00", "currency": "EUR"}),
        (valve.sku, 10, {"amount": "70.00", "currency": "EUR"}),
        (pump.sku, 1, {"amount": "600.00", "currency": "EUR"}),
    ]
    assert api.get(f"/api/v1/price-lists/{dealers.pk}/").json()["prices"] == []
    assert api.get("/api/v1/price-lists/999999/").status_code == 404
    other = client_for(make_key(scopes=[MEMBERS_READ]).key)
    assert_error(other.get("/api/v1/price-lists/"), 403, "insufficient_scope")
