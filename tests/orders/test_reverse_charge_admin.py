"""Staff see whether an order is reverse charged on its admin page and filter the list by it."""

import pytest

from apps.orders.models import Order
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def test_the_order_admin_shows_and_filters_reverse_charge(admin_client):
    abroad, at_home = make_order(), make_order()
    Order.objects.filter(pk=abroad.pk).update(vat_id="FR40303265045", reverse_charge=True)

    change = admin_client.get(f"/admin/orders/order/{abroad.pk}/change/").content.decode()
    filtered = admin_client.get("/admin/orders/order/?reverse_charge__exact=1").content.decode()

    assert "Reverse charge" in change and "FR40303265045" in change
    assert abroad.number in filtered and at_home.number not in filtered
    assert "By reverse charge" in admin_client.get("/admin/orders/order/").content.decode()
