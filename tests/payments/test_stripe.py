"""Stripe through the real SDK against the local fake: sessions, signed webhooks, exactly once."""

import json
import time
from decimal import Decimal

import pytest

from apps.orders.models import OrderStatus
from apps.payments.models import Payment, PaymentStatus, WebhookEvent
from tests.factories import make_order
from tests.payments.stripe_helpers import paid_session_event, post_stripe_event

pytestmark = pytest.mark.django_db


def test_checkout_session_is_created_in_the_order_currency_with_our_idempotency_key(
    fake_stripe, stripe_order
):
    order, url = stripe_order
    payment = Payment.objects.get(order=order)
    (created,) = fake_stripe.requests_to("POST", "/v1/checkout/sessions")

    assert url == fake_stripe.session(payment.reference)["url"]
    (item,) = created.params["line_items"]
    assert item["price_data"]["currency"] == "eur"
    assert item["price_data"]["unit_amount"] == "26099"  # 2 × 120.50 + 10.00 + 9.99 EUR
    assert created.headers["Idempotency-Key"] == str(payment.idempotency_key)
    assert created.params["metadata"]["order_number"] == order.number


def test_a_signed_completed_session_marks_the_order_paid_once(client, fake_stripe, stripe_order):
    order, _url = stripe_order
    payment = Payment.objects.get(order=order)
    event = paid_session_event(fake_stripe, payment.reference)

    first = post_stripe_event(client, fake_stripe, event)
    replay = post_stripe_event(client, fake_stripe, event)

    order.refresh_from_db()
    payment.refresh_from_db()
    assert (first.status_code, first.json()["outcome"]) == (200, "order paid")
    assert (replay.status_code, replay.json()["outcome"]) == (200, "duplicate")
    assert order.status == OrderStatus.PAID
    assert order.transitions.filter(to_status="paid").count() == 1
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.provider_payment_id.startswith("pi_")
    assert WebhookEvent.objects.count() == 1


def test_an_event_with_a_bad_signature_gets_400_and_changes_nothing(
    client, fake_stripe, stripe_order
):
    order, _url = stripe_order
    event = paid_session_event(fake_stripe, Payment.objects.get(order=order).reference)
    forged = fake_stripe.sign(b"{}", secret="whsec_someone_else")

    response = post_stripe_event(client, fake_stripe, event, signature=forged)

    order.refresh_from_db()
    assert response.status_code == 400
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize(("ahead", "status"), [(3600, 400), (301, 400), (30, 200)])
def test_a_signature_from_the_future_is_refused_beyond_a_little_clock_skew(
    client, fake_stripe, stripe_order, ahead, status
):
    order, _url = stripe_order
    event = paid_session_event(fake_stripe, Payment.objects.get(order=order).reference)
    body = json.dumps(event).encode()
    from_the_future = fake_stripe.sign(body, timestamp=int(time.time()) + ahead)

    response = post_stripe_event(client, fake_stripe, event, signature=from_the_future)

    order.refresh_from_db()
    assert response.status_code == status
    assert (order.status == OrderStatus.PAID) is (status == 200)
    assert WebhookEvent.objects.exists() is (status == 200)


def test_an_amount_mismatch_never_marks_the_order_paid(client, fake_stripe, stripe_order):
    order, _url = stripe_order
    payment = Payment.objects.get(order=order)
    event = paid_session_event(fake_stripe, payment.reference, amount_total=100)

    response = post_stripe_event(client, fake_stripe, event)

    order.refresh_from_db()
    payment.refresh_from_db()
    assert response.status_code == 200  # accepted (and recorded) so Stripe stops retrying
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert payment.status == PaymentStatus.FAILED


def test_an_expired_session_arriving_after_payment_changes_nothing(
    client, fake_stripe, stripe_order
):
    order, _url = stripe_order
    payment = Payment.objects.get(order=order)
    post_stripe_event(client, fake_stripe, paid_session_event(fake_stripe, payment.reference))
    late = fake_stripe.make_event(
        "checkout.session.expired", {**fake_stripe.session(payment.reference), "status": "expired"}
    )

    response = post_stripe_event(client, fake_stripe, late)

    order.refresh_from_db()
    payment.refresh_from_db()
    assert response.status_code == 200
    assert order.status == OrderStatus.PAID
    assert payment.status == PaymentStatus.SUCCEEDED


def test_yen_amounts_are_sent_without_a_minor_unit(fake_stripe, db):
    from apps.payments.services import start_payment

    order = make_order(
        currency="JPY", rate="151.2", payment_method="stripe", lines=[(Decimal("27972"), 3)]
    )
    start_payment(order=order, return_url="http://testserver/r", cancel_url="http://testserver/c")

    (created,) = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    (item,) = created.params["line_items"]
    assert item["price_data"] == {
        "currency": "jpy",
        "unit_amount": "83916",
        "product_data": {"name": f"Order {order.number}"},
    }
