"""The merchant's price lists: the admin pages and the CSV import of prices."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.pricelists.errors import PriceImportFailed
from apps.pricelists.models import PriceListItem
from apps.pricelists.services import import_item_prices, set_item_price
from tests.factories import ProductFactory
from tests.text import page_text

from .builders import fixed_list

pytestmark = pytest.mark.django_db


def prices_of(price_list) -> list[tuple[str, int, Decimal]]:
    return list(
        PriceListItem.objects.filter(price_list=price_list)
        .order_by("product__sku", "min_quantity")
        .values_list("product__sku", "min_quantity", "price")
    )


def test_an_import_adds_and_replaces_prices_with_their_breaks(db):
    valve = ProductFactory(sku="V-1")
    ProductFactory(sku="P-1")
    price_list = fixed_list()
    set_item_price(price_list=price_list, product=valve, price=Decimal("90.00"))

    imported = import_item_prices(
        price_list=price_list, text="SKU,price,from quantity\nV-1,80.00\nV-1,70,10\nP-1,600,\n"
    )

    assert (imported.created, imported.updated) == (2, 1)
    assert prices_of(price_list) == [
        ("P-1", 1, Decimal("600.00")),
        ("V-1", 1, Decimal("80.00")),
        ("V-1", 10, Decimal("70.00")),
    ]


def test_an_import_with_a_bad_row_imports_nothing_and_names_each_bad_line(db):
    ProductFactory(sku="V-1")
    price_list = fixed_list()

    with pytest.raises(PriceImportFailed) as failed:
        import_item_prices(price_list=price_list, text="V-1,80\nNOPE,10\nV-1,ten\nV-1,5,0\n")

    assert [line for line, _message in failed.value.details["errors"]] == [2, 3, 4]
    assert prices_of(price_list) == []


def test_the_admin_lists_edits_and_imports_a_price_list(admin_client, exchange_rates):
    ProductFactory(sku="V-1")
    price_list = fixed_list("Importer GmbH")

    assert admin_client.get("/admin/pricelists/pricelist/").status_code == 200
    assert admin_client.get("/admin/pricelists/pricelist/add/").status_code == 200
    change = admin_client.get(f"/admin/pricelists/pricelist/{price_list.pk}/change/")
    assert "Import prices (CSV)" in page_text(change)

    upload = SimpleUploadedFile("prices.csv", b"sku,price\nV-1,80.00\n", "text/csv")
    response = admin_client.post(
        f"/admin/pricelists/pricelist/{price_list.pk}/import/", {"file": upload}
    )
    assert response.status_code == 302
    assert prices_of(price_list) == [("V-1", 1, Decimal("80.00"))]

    bad = SimpleUploadedFile("prices.csv", b"NOPE,80.00\n", "text/csv")
    response = admin_client.post(
        f"/admin/pricelists/pricelist/{price_list.pk}/import/", {"file": bad}
    )
    assert "Line 1: Unknown SKU NOPE." in page_text(response)
