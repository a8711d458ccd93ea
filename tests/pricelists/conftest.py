from decimal import Decimal

import pytest

from apps.pricelists.services import assign_price_list, create_price_list, set_item_price
from tests.factories import ProductFactory

from .builders import company_buyer


@pytest.fixture
def valve(exchange_rates):
    return ProductFactory(name_en="Ball valve", price=Decimal("100.00"))


@pytest.fixture
def importer(valve):
    """A company with a buyer and its fixed-price list (USD): the valve at 80, 70 from 10."""
    company, buyer = company_buyer()
    price_list = create_price_list(name="Importer GmbH", currency="USD")
    assign_price_list(price_list=price_list, company=company)
    set_item_price(price_list=price_list, product=valve, price=Decimal("80.00"))
    set_item_price(price_list=price_list, product=valve, price=Decimal("70.00"), min_quantity=10)
    return company, buyer, price_list
