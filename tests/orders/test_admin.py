"""The merchant's order desk in the admin: bank transfer receipts, refunds, status steps."""

from decimal import Decimal

import pytest

from apps.orders.models import OrderStatus
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def test_recording_a_bank_transfer_marks_the_order_paid(admin_client, admin_user):
    order = make_order()
    url = f"/admin/orders/order/{order.pk}/bank-transfer/"

    form = admin_client.get(url)
    response = admin_client.post(url, {"amount": "200.00", "reference": "MT103-4471"})

    order.refresh_from_db()
    assert form.status_code == 200
    assert response.status_code == 302
    assert order.status == OrderStatus.PAID
    step = order.transitions.get(to_status="paid")
    assert step.actor == admin_user
    assert step.note == "Bank transfer received (MT103-4471)"


def test_a_short_bank_transfer_is_refused_with_a_reason(admin_client):
    order = make_order()

    response = admin_client.post(
        f"/admin/orders/order/{order.pk}/bank-transfer/", {"amount": "150.00"}
    )

    order.refresh_from_db()
    assert "does not match" in response.content.decode()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_partial_refund_from_the_order_page(admin_client):
    order = make_order(lines=[(Decimal("100.00"), 2), (Decimal("50.00"), 1)])
    admin_client.post(f"/admin/orders/order/{order.pk}/bank-transfer/", {"amount": "250.00"})
    first, second = order.lines.order_by("id")

    response = admin_client.post(
        f"/admin/orders/order/{order.pk}/refund/",
        {"reason": "One unit damaged", f"line_{first.pk}": "1", f"line_{second.pk}": "0"},
    )

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert order.refunded_amount == Decimal("100.00")


def test_status_steps_follow_the_lifecycle(admin_client):
    order = make_order()
    base = f"/admin/orders/order/{order.pk}/step"

    admin_client.post(f"{base}/mark_shipped/")  # not paid yet: refused
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT

    admin_client.post(f"/admin/orders/order/{order.pk}/bank-transfer/", {"amount": "200.00"})
    admin_client.post(f"{base}/mark_shipped/")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_the_order_page_shows_the_timeline_and_actions(admin_client):
    order = make_order()

    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert "Record bank transfer" in page
    assert "Pending payment" in page
