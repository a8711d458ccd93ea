"""Refunds made on paypal.com and reversals (chargebacks) are applied to the order as refunds
exactly once, in any arrival order; the points go back. Through the real paypalrestsdk against
the local fake, with webhooks verified by PayPal's verify-webhook-signature call."""

import pytest

from apps.orders.models import OrderStatus, Refund
from apps.orders.refunds import full_refund_request, refund_order
from apps.payments.gateways.paypal import PayPalGateway
from apps.payments.models import ProviderRefund, ProviderRefundStatus
from tests.payments.paypal_helpers import (
    post_paypal_event,
    return_from_paypal,
    start_paypal_order,
)
from tests.payments.stripe_helpers import points_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(client, fake_paypal, django_capture_on_commit_callbacks):
    """Post a signed event as PayPal would, and deliver the domain events it publishes."""

    def post(event):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_paypal_event(client, fake_paypal, event)
        assert response.status_code == 200, response.content
        return response.json()["outcome"]

    return post


@pytest.fixture
def paid_order(client, fake_paypal, member, django_capture_on_commit_callbacks):
    """A 250 USD order of ``member``, approved and executed on the buyer's return."""
    order, payment = start_paypal_order(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        return_from_paypal(client, fake_paypal, order)
    payment.refresh_from_db()
    assert payment.status == "succeeded"
    return order, payment


def test_a_refund_on_paypal_refunds_the_order_and_takes_the_points_back_once(
    fake_paypal, member, paid_order, deliver
):
    order, payment = paid_order
    event = fake_paypal.refund_in_dashboard(payment.provider_payment_id, total="100.00")

    assert deliver(event) == "refund: applied"
    assert deliver(event) == "duplicate"

    order.refresh_from_db()
    (refund,) = Refund.objects.filter(order=order)
    assert (order.status, order.refunded_amount) == (OrderStatus.PARTIALLY_REFUNDED, 100)
    assert refund.reason == f"Refunded at PayPal ({event['resource']['id']})"
    assert points_of(member) == [("earn", 250), ("clawback", -100)]  # 100 of 250 refunded


def test_a_refund_before_the_sale_completed_event_waits_and_applies_when_paid(
    fake_paypal, member, deliver
):
    """Our execute reached PayPal but its answer was lost; the merchant refunded on paypal.com;
    the refund's event comes before PAYMENT.SALE.COMPLETED."""
    order, payment = start_paypal_order(member=member)
    payer = fake_paypal.approve(payment.reference).split("PayerID=")[1]
    sale = PayPalGateway().execute(payment=payment, payer_id=payer)
    refunded = fake_paypal.refund_in_dashboard(sale["id"])

    assert deliver(refunded) == "refund: waiting"
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT

    completed = fake_paypal.make_event("PAYMENT.SALE.COMPLETED", fake_paypal.sale(sale["id"]))
    assert deliver(completed) == "order paid"

    order.refresh_from_db()
    received = ProviderRefund.objects.get()
    assert order.status == OrderStatus.REFUNDED
    assert (received.status, received.refund.amount) == (ProviderRefundStatus.APPLIED, 250)
    assert sorted(points_of(member)) == [("clawback", -250), ("earn", 250)]


def test_our_own_refund_coming_back_from_paypal_is_not_applied_again(
    fake_paypal, staff, paid_order, deliver
):
    order, _payment = paid_order
    refund_order(order=order, request=full_refund_request(order), reason="Returned", actor=staff)
    (sent,) = fake_paypal.refunds

    outcome = deliver(fake_paypal.make_event("PAYMENT.SALE.REFUNDED", sent))

    order.refresh_from_db()
    assert outcome == "refund: ours"
    assert Refund.objects.filter(order=order).count() == 1
    assert order.refunded_amount == order.total_amount


def test_a_reversal_refunds_the_whole_order_once(fake_paypal, member, paid_order, deliver):
    order, payment = paid_order
    event = fake_paypal.reverse(payment.provider_payment_id)

    assert deliver(event) == "reversal: applied"
    assert deliver(fake_paypal.make_event("PAYMENT.SALE.REVERSED", event["resource"])) == (
        "reversal: applied"
    )

    order.refresh_from_db()
    (refund,) = Refund.objects.filter(order=order)
    assert (order.status, refund.amount) == (OrderStatus.REFUNDED, 250)
    assert points_of(member) == [("earn", 250), ("clawback", -250)]
