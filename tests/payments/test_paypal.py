"""PayPal through the real paypalrestsdk against the local fake: approve, execute, webhooks."""

from decimal import Decimal

import pytest

from apps.orders.models import OrderStatus
from apps.payments.models import Payment, PaymentStatus, WebhookEvent
from apps.payments.services import start_payment
from tests.factories import make_order
from tests.payments.paypal_helpers import post_paypal_event, return_from_paypal

pytestmark = pytest.mark.django_db


@pytest.fixture
def paypal_order(fake_paypal, db):
    order = make_order(
        currency="JPY", rate="151.2", payment_method="paypal", lines=[(Decimal("27972"), 2)]
    )
    approval_url = start_payment(
        order=order,
        return_url=f"http://testserver/en/payments/paypal/return/{order.access_token}/",
        cancel_url="http://testserver/cancelled",
    )
    return order, approval_url


def completed_sale(payment) -> dict:
    return {
        "id": "SALE-1",
        "state": "completed",
        "parent_payment": payment.reference,
        "amount": {"total": "55944", "currency": "JPY"},
    }


def test_the_payment_is_created_in_yen_without_decimals(fake_paypal, paypal_order):
    order, approval_url = paypal_order
    payment = Payment.objects.get(order=order)

    created = fake_paypal.payment(payment.reference)
    assert approval_url.startswith(f"{fake_paypal.endpoint}/approve/{payment.reference}")
    assert created["transactions"][0]["amount"] == {"total": "55944", "currency": "JPY"}
    (request,) = fake_paypal.requests_to("POST", "/v1/payments/payment")
    assert request.headers["PayPal-Request-Id"] == str(payment.idempotency_key)


def test_returning_after_approval_executes_the_payment_and_marks_the_order_paid(
    client, fake_paypal, paypal_order
):
    order, _url = paypal_order

    response = return_from_paypal(client, fake_paypal, order)

    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    assert response.status_code == 302
    assert response["Location"] == f"/en/orders/{order.access_token}/?payment=returned"
    assert order.status == OrderStatus.PAID
    assert payment.status == PaymentStatus.SUCCEEDED
    assert (
        payment.provider_payment_id
        == fake_paypal.payment(payment.reference)["transactions"][0]["related_resources"][0][
            "sale"
        ]["id"]
    )


def test_a_sale_completed_webhook_after_the_return_changes_nothing(
    client, fake_paypal, paypal_order
):
    order, _url = paypal_order
    return_from_paypal(client, fake_paypal, order)
    payment = Payment.objects.get(order=order)
    sale = fake_paypal.sale(payment.provider_payment_id)
    event = fake_paypal.make_event("PAYMENT.SALE.COMPLETED", sale)

    first = post_paypal_event(client, fake_paypal, event)
    again = post_paypal_event(client, fake_paypal, event)

    assert (first.status_code, first.json()["outcome"]) == (200, "no change")
    assert again.json()["outcome"] == "duplicate"
    assert order.transitions.filter(to_status="paid").count() == 1


def test_the_webhook_alone_can_mark_the_order_paid(client, fake_paypal, paypal_order):
    """The buyer closed the tab before returning: PayPal's webhook still settles the order."""
    order, _url = paypal_order
    payment = Payment.objects.get(order=order)
    sale = {
        "id": "SALE-1",
        "state": "completed",
        "parent_payment": payment.reference,
        "amount": {"total": "55944", "currency": "JPY"},
    }

    response = post_paypal_event(
        client, fake_paypal, fake_paypal.make_event("PAYMENT.SALE.COMPLETED", sale)
    )

    order.refresh_from_db()
    assert response.json()["outcome"] == "order paid"
    assert order.status == OrderStatus.PAID


@pytest.mark.parametrize("problem", ["bad signature", "stale"])
def test_unverified_or_stale_webhooks_get_400_and_change_nothing(
    client, fake_paypal, paypal_order, problem
):
    order, _url = paypal_order
    payment = Payment.objects.get(order=order)
    sale = {
        "id": "SALE-1",
        "state": "completed",
        "parent_payment": payment.reference,
        "amount": {"total": "55944", "currency": "JPY"},
    }
    event = fake_paypal.make_event("PAYMENT.SALE.COMPLETED", sale)
    if problem == "stale":
        response = post_paypal_event(client, fake_paypal, event, sent_at="2020-01-01T00:00:00Z")
    else:
        response = post_paypal_event(client, fake_paypal, event, signature="Zm9yZ2Vk")

    order.refresh_from_db()
    assert response.status_code == 400
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert not WebhookEvent.objects.exists()
