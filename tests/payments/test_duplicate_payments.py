"""A second payment the provider took for an order already paid is flagged "paid twice" and
refunded in full through the provider, once; the order keeps the first payment. Through the
real Stripe and PayPal SDKs against the local fakes."""

import pytest

from apps.orders.models import OrderStatus, Refund
from apps.payments.models import Payment, PaymentStatus
from apps.payments.services import refund_duplicate_payment, start_payment
from tests.payments.paypal_helpers import return_from_paypal, start_paypal_order
from tests.payments.stripe_helpers import paid_session_event, post_stripe_event, start_stripe_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_twice_at_stripe(client, fake_stripe, django_capture_on_commit_callbacks):
    """The buyer opened Stripe in two tabs and paid in both; both events arrive."""
    order, first = start_stripe_order()
    start_payment(order=order, return_url="http://testserver/r", cancel_url="http://testserver/c")
    second = Payment.objects.filter(order=order).latest("pk")
    first_paid = paid_session_event(fake_stripe, first.reference)
    second_paid = paid_session_event(fake_stripe, second.reference)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [
            post_stripe_event(client, fake_stripe, event).json()["outcome"]
            for event in (first_paid, second_paid)
        ]
    first.refresh_from_db()
    second.refresh_from_db()
    return order, first, second, outcomes


def test_a_second_stripe_payment_is_flagged_and_refunded_in_full_once(
    client, fake_stripe, paid_twice_at_stripe
):
    order, first, second, outcomes = paid_twice_at_stripe

    order.refresh_from_db()
    (refund,) = fake_stripe.refunds
    assert outcomes == ["order paid", "paid twice"]
    assert (first.status, second.status) == (PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE)
    assert refund["payment_intent"] == second.provider_payment_id
    assert refund["amount"] == 25000  # all of it
    assert refund["metadata"]["refund_key"] == f"duplicate-{second.idempotency_key}"
    assert (second.refund_reference, second.refunded_at is not None) == (refund["id"], True)
    assert order.status == OrderStatus.PAID  # the first payment stands
    assert order.refunded_amount == 0
    assert order.transitions.filter(to_status="paid").count() == 1

    # Handing the event over again (at least once) and Stripe's event about that refund
    # change nothing: one refund at Stripe, none on the order.
    assert refund_duplicate_payment(payment_id=second.pk).refund_reference == refund["id"]
    event = fake_stripe.make_event("charge.refunded", fake_stripe.charge(refund["payment_intent"]))
    assert post_stripe_event(client, fake_stripe, event).json()["outcome"] == "refunds: ours"
    assert len(fake_stripe.refunds) == 1
    assert not Refund.objects.exists()


def test_with_automatic_refunds_off_the_second_payment_is_only_flagged(
    settings, client, fake_stripe, django_capture_on_commit_callbacks
):
    settings.PAYMENTS_REFUND_DUPLICATES = False
    order, first = start_stripe_order()
    start_payment(order=order, return_url="http://testserver/r", cancel_url="http://testserver/c")
    second = Payment.objects.filter(order=order).latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        for payment in (first, second):
            post_stripe_event(
                client, fake_stripe, paid_session_event(fake_stripe, payment.reference)
            )

    second.refresh_from_db()
    assert (second.status, second.refund_reference) == (PaymentStatus.DUPLICATE, "")
    assert fake_stripe.refunds == []

    refund_duplicate_payment(payment_id=second.pk)  # what the admin action does

    second.refresh_from_db()
    (refund,) = fake_stripe.refunds
    assert second.refund_reference == refund["id"]


def test_a_second_paypal_payment_is_flagged_and_refunded_through_paypal(
    client, fake_paypal, django_capture_on_commit_callbacks
):
    order, first = start_paypal_order()
    start_payment(
        order=order,
        return_url=f"http://testserver/en/payments/paypal/return/{order.access_token}/",
        cancel_url="http://testserver/c",
    )
    second = Payment.objects.filter(order=order).latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        return_from_paypal(client, fake_paypal, order, payment=first)
        response = return_from_paypal(client, fake_paypal, order, payment=second)

    second.refresh_from_db()
    (refund,) = fake_paypal.refunds
    assert response["Location"].endswith("?payment=returned")
    assert second.status == PaymentStatus.DUPLICATE
    assert (refund["sale_id"], refund["amount"]) == (
        second.provider_payment_id,
        {"total": "250.00", "currency": "USD"},
    )
    assert refund["invoice_number"] == f"duplicate-{second.idempotency_key}"
    assert second.refund_reference == refund["id"]
    order.refresh_from_db()
    assert (order.status, order.refunded_amount) == (OrderStatus.PAID, 0)


def test_the_buyer_and_the_merchant_see_the_second_payment_and_its_refund(
    client, admin_client, fake_stripe, paid_twice_at_stripe
):
    order, _first, second, _outcomes = paid_twice_at_stripe

    page = client.get(f"/en/orders/{order.access_token}/").content.decode()
    admin_page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert (
        "This order was already paid, so we refunded your second payment of "
        '<bdi dir="ltr">$250.00</bdi>.' in page
    )
    assert 'data-testid="duplicate-payment"' in admin_page
    assert "<strong>Paid twice</strong>" in admin_page
    assert second.refund_reference in admin_page


def test_the_merchant_sees_refunds_and_disputes_made_at_the_provider_on_the_order(
    client, admin_client, fake_stripe, django_capture_on_commit_callbacks
):
    order, payment = start_stripe_order()
    with django_capture_on_commit_callbacks(execute=True):
        post_stripe_event(client, fake_stripe, paid_session_event(fake_stripe, payment.reference))
        payment.refresh_from_db()
        dispute_id, created = fake_stripe.dispute(payment.provider_payment_id)
        post_stripe_event(client, fake_stripe, created)

    admin_page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert "Refunds and disputes at the provider" in admin_page
    assert dispute_id in admin_page
    assert "Dispute (chargeback)" in admin_page
    assert "Applied to the order" in admin_page
