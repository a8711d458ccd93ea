"""Offline orders recorded for the ERP (``orders.offline``), and refunds with a caller's key."""

from decimal import Decimal

import pytest

from apps.currencies.errors import MissingExchangeRate
from apps.orders.errors import ExternalIdTaken, UnknownProduct
from apps.orders.models import Order, OrderStatus, OrderTransition
from apps.orders.offline import OfflineLine, record_offline_order
from apps.orders.refunds import full_refund_request, refund_order
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def record(member, product, **extra):
    arguments = {
        "member": member,
        "external_id": "ERP-1",
        "currency": "USD",
        "lines": [OfflineLine(sku=product.sku, quantity=2, unit_price=Decimal("10.004"))],
        "recorded_by": "api:test",
        **extra,
    }
    return record_offline_order(**arguments)


def test_an_offline_order_is_created_paid_without_taking_stock(member):
    product = ProductFactory(stock_quantity=1)

    order = record(member, product)

    assert order.status == OrderStatus.PAID and order.paid_at is not None
    assert (order.external_id, order.total_amount) == ("ERP-1", Decimal("20.00"))
    assert order.email == member.user.email
    product.refresh_from_db()
    assert product.stock_quantity == 1
    assert OrderTransition.objects.filter(order=order, to_status="paid").get().actor_label == (
        "api:test"
    )


def test_offline_orders_refuse_duplicates_unknown_skus_and_missing_rates(member):
    product = ProductFactory()
    record(member, product)

    with pytest.raises(ExternalIdTaken):
        record(member, product)
    with pytest.raises(UnknownProduct):
        record(member, product, external_id="2", lines=[OfflineLine("NOPE", 1, Decimal(1))])
    with pytest.raises(MissingExchangeRate):
        record(member, product, external_id="3", currency="JPY")
    assert Order.objects.count() == 1


def test_a_refund_uses_the_callers_idempotency_key(member):
    order = record(member, ProductFactory())

    refund = refund_order(
        order=order, request=full_refund_request(order), reason="x", idempotency_key="api:1:abc"
    )

    assert refund.idempotency_key == "api:1:abc"
