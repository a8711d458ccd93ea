from decimal import Decimal

import pytest

from apps.catalog.models import Product
from apps.orders.models import Order, OrderStatus
from apps.orders.services import transition
from apps.sitecontent.models import CompanyDetails
from tests.factories import make_order


@pytest.fixture
def company(db):
    return CompanyDetails.objects.create(
        name_en="Export Storefront Ltd",
        name_ar="إكسبورت ستورفرونت المحدودة",
        name_zh_hans="出口商城有限公司",
        address_en="1 Harbour Road\nHamburg 20457\nGermany",
        vat_number="DE136695976",
        eori_number="DE123456789012345",
        registration_number="HRB 12345",
        bank_details="Export Storefront Ltd\nIBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX",
    )


def export_order(*, language="en", member=None, lines=((Decimal("1495.50"), 3),), **fields):
    """An unpaid order whose products carry their customs data."""
    order = make_order(language=language, member=member, currency="EUR", lines=lines)
    for line, origin in zip(order.lines.all(), ("DE", "CN", "JP"), strict=False):
        Product.objects.filter(pk=line.product_id).update(
            hs_code="8481.80",
            country_of_origin=origin,
            net_weight_kg=Decimal("12.5"),
            gross_weight_kg=Decimal("14.25"),
            units_per_package=2,
        )
    if fields:
        Order.objects.filter(pk=order.pk).update(**fields)
        order.refresh_from_db()
    return order


def ship(order: Order) -> Order:
    for status in (OrderStatus.PAID, OrderStatus.SHIPPED):
        order = transition(order=order, to=status)
    return order
