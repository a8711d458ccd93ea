"""What an order's merchandise counts for is defined once (``orders.amounts``): the SQL form
that tier qualification sums gives what the Python form gives for points."""

from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from apps.orders.amounts import (
    KEPT_MERCHANDISE_IN_BASE_SQL,
    kept_merchandise_in_base,
    paid_merchandise_in_base,
)
from apps.orders.models import Order
from tests.factories import make_order

amounts = st.decimals(min_value=0, max_value=100_000, places=2)
rates = st.sampled_from(["1", "0.92", "151.2", "7.2345", "0.00012345"])


def sql_figure(order: Order) -> Decimal:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {KEPT_MERCHANDISE_IN_BASE_SQL} FROM orders_order WHERE id = %s",  # noqa: S608
            [order.pk],
        )
        return cursor.fetchone()[0] or Decimal(0)


class TestKeptMerchandise(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(price=amounts, discount=amounts, shipping=amounts, refunded=amounts, rate=rates)
    def test_the_sql_and_the_python_forms_agree(self, price, discount, shipping, refunded, rate):
        order = make_order(lines=[(price, 1)], rate=rate, shipping=shipping)
        discount = min(discount, price)
        total = price - discount + shipping
        Order.objects.filter(pk=order.pk).update(
            discount_amount=discount, total_amount=total, refunded_amount=min(refunded, total)
        )
        order.refresh_from_db()

        assert sql_figure(order) == pytest.approx(
            kept_merchandise_in_base(order), rel=Decimal("1e-12"), abs=Decimal("1e-9")
        )


def test_paid_merchandise_is_after_discounts_before_freight_at_the_captured_rate(db):
    order = make_order(lines=[(Decimal("460.00"), 2)], rate="0.92", shipping=Decimal("80"))
    Order.objects.filter(pk=order.pk).update(
        discount_amount=Decimal("92.00"), total_amount=Decimal("908.00")
    )
    order.refresh_from_db()

    assert paid_merchandise_in_base(order) == Decimal("900")  # (920 - 92) / 0.92
    Order.objects.filter(pk=order.pk).update(refunded_amount=Decimal("454.00"))  # half
    order.refresh_from_db()
    assert kept_merchandise_in_base(order) == Decimal("450")
