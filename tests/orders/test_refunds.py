"""Refunds: partial by line and full, through the provider, with the right event."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from apps.orders.errors import InvalidRefund, RefundFailed
from apps.orders.events import OrderRefunded
from apps.orders.models import OrderStatus, Refund, RefundStatus
from apps.orders.refunds import RefundRequest, full_refund_request, refund_order
from apps.orders.services import mark_paid
from apps.payments.models import Payment
from tests.events import recording
from tests.factories import make_order
from tests.payments.stripe_helpers import paid_session_event, post_stripe_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunds_published():
    with recording(OrderRefunded) as seen:
        yield seen


@pytest.fixture
def paid_stripe_order(client, fake_stripe, stripe_order):
    order, _url = stripe_order
    payment = Payment.objects.get(order=order)
    post_stripe_event(client, fake_stripe, paid_session_event(fake_stripe, payment.reference))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def test_partial_refund_of_one_line_goes_to_stripe_and_emits_the_lines(
    fake_stripe, paid_stripe_order, staff, refunds_published, django_capture_on_commit_callbacks
):
    order = paid_stripe_order
    first_line = order.lines.order_by("id").first()

    with django_capture_on_commit_callbacks(execute=True):
        refund = refund_order(
            order=order,
            request=RefundRequest({first_line.pk: 1}),
            reason="One valve arrived damaged",
            actor=staff,
        )

    order.refresh_from_db()
    (stripe_refund,) = fake_stripe.refunds
    assert refund.status == RefundStatus.SUCCEEDED
    assert refund.amount == Decimal("120.50")
    assert (stripe_refund["amount"], stripe_refund["id"]) == (12050, refund.provider_reference)
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert order.refunded_amount == Decimal("120.50")
    assert refunds_published == [
        (
            "order.refunded",
            {
                "order_id": order.pk,
                "refund_id": refund.pk,
                "amount": "120.50",
                "currency": "EUR",
                "lines": [{"order_line_id": first_line.pk, "quantity": 1, "amount": "120.50"}],
                "fully_refunded": False,
            },
        )
    ]


def test_full_refund_returns_what_remains_including_freight(
    fake_stripe, paid_stripe_order, refunds_published, django_capture_on_commit_callbacks
):
    order = paid_stripe_order
    first_line = order.lines.order_by("id").first()
    refund_order(order=order, request=RefundRequest({first_line.pk: 1}), reason="Damaged")

    with django_capture_on_commit_callbacks(execute=True):
        refund_order(order=order, request=full_refund_request(order), reason="Order returned")

    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert order.refunded_amount == order.total_amount == Decimal("260.99")
    assert [r["amount"] for r in fake_stripe.refunds] == [12050, 14049]
    _name, last = refunds_published[-1]
    assert last["fully_refunded"] is True
    assert sorted(line["quantity"] for line in last["lines"]) == [1, 1]


def test_refunding_more_units_than_remain_is_refused_and_writes_nothing(paid_stripe_order):
    order = paid_stripe_order
    line = order.lines.order_by("id").first()

    with pytest.raises(InvalidRefund):
        refund_order(order=order, request=RefundRequest({line.pk: 3}), reason="Too many")

    assert not Refund.objects.exists()


def test_unpaid_orders_cannot_be_refunded():
    order = make_order()

    with pytest.raises(InvalidRefund):
        refund_order(order=order, request=full_refund_request(order), reason="No")


def test_a_refused_provider_refund_changes_nothing_on_the_order(fake_stripe, paid_stripe_order):
    order = paid_stripe_order
    Payment.objects.filter(order=order).update(provider_payment_id="pi_unknown")

    with pytest.raises(RefundFailed):
        refund_order(order=order, request=full_refund_request(order), reason="Returned")

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.refunded_amount == 0
    assert Refund.objects.get().status == RefundStatus.FAILED


def test_bank_transfer_orders_are_refunded_by_hand(staff):
    order = make_order()
    mark_paid(order=order, amount=Money("200", "USD"), actor_label="bank")

    refund = refund_order(
        order=order, request=full_refund_request(order), reason="Returned", actor=staff
    )

    order.refresh_from_db()
    assert refund.provider_reference.startswith("manual-")
    assert order.status == OrderStatus.REFUNDED
