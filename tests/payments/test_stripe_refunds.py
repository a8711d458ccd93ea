"""Refunds and disputes made at Stripe (its dashboard, the buyer's bank) are applied to the
order as refunds exactly once, whatever order the signed events arrive in; the points go back.
Through the real SDK against the local fake."""

import pytest

from apps.orders.models import OrderStatus, Refund
from apps.orders.refunds import RefundRequest, refund_order
from apps.payments.models import Payment, ProviderRefund, ProviderRefundStatus
from tests.payments.stripe_helpers import (
    paid_session_event,
    points_of,
    post_stripe_event,
    start_stripe_order,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliver(client, fake_stripe, django_capture_on_commit_callbacks):
    """Post a signed event as Stripe would, and deliver the domain events it publishes."""

    def post(event):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_stripe_event(client, fake_stripe, event)
        assert response.status_code == 200, response.content
        return response.json()["outcome"]

    return post


@pytest.fixture
def paid_order(fake_stripe, member, deliver):
    """A 250 USD order of ``member``, paid at Stripe and confirmed by its webhook."""
    order, payment = start_stripe_order(member=member)
    assert deliver(paid_session_event(fake_stripe, payment.reference)) == "order paid"
    payment.refresh_from_db()
    return order, payment


def test_a_refund_in_the_dashboard_refunds_the_order_and_takes_the_points_back_once(
    fake_stripe, member, paid_order, deliver
):
    order, payment = paid_order
    event = fake_stripe.refund_in_dashboard(payment.provider_payment_id)

    first = deliver(event)
    replay = deliver(event)
    # Stripe may also send another event about the same refund: still applied once.
    again = deliver(fake_stripe.make_event("charge.refunded", event["data"]["object"]))

    order.refresh_from_db()
    (refund,) = Refund.objects.filter(order=order)
    (stripe_refund,) = fake_stripe.refunds
    assert (first, replay, again) == ("refunds: applied", "duplicate", "refunds: applied")
    assert order.status == OrderStatus.REFUNDED
    assert order.refunded_amount == order.total_amount
    assert refund.provider_reference == stripe_refund["id"]
    assert refund.reason == f"Refunded at Stripe ({stripe_refund['id']})"
    assert points_of(member) == [("earn", 250), ("clawback", -250)]


def test_partial_refunds_arriving_in_reverse_order_are_each_applied_once(
    fake_stripe, member, paid_order, deliver
):
    order, payment = paid_order
    first = fake_stripe.refund_in_dashboard(payment.provider_payment_id, amount=4000)
    second = fake_stripe.refund_in_dashboard(payment.provider_payment_id, amount=6000)

    # The later event comes first: both refunds are read from Stripe and applied then.
    assert deliver(second) == "refunds: applied, applied"
    assert deliver(first) == "refunds: applied, applied"  # the same two rows, untouched

    order.refresh_from_db()
    assert sorted(Refund.objects.filter(order=order).values_list("amount", flat=True)) == [40, 60]
    assert order.refunded_amount == 100
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    # No lines named: each takes back its share of the 250 total's 250 points.
    assert sorted(points for _kind, points in points_of(member)) == [-60, -40, 250]


def test_a_refund_event_before_the_payment_event_waits_and_applies_when_the_order_is_paid(
    fake_stripe, member, deliver
):
    order, payment = start_stripe_order(member=member)
    paid = paid_session_event(fake_stripe, payment.reference)  # paid at Stripe, event delayed
    intent = fake_stripe.session(payment.reference)["payment_intent"]
    refunded = fake_stripe.refund_in_dashboard(intent)

    early = deliver(refunded)
    order.refresh_from_db()
    assert (early, order.status) == ("refunds: waiting", OrderStatus.PENDING_PAYMENT)
    assert not Refund.objects.exists()

    assert deliver(paid) == "order paid"

    order.refresh_from_db()
    received = ProviderRefund.objects.get()
    assert order.status == OrderStatus.REFUNDED
    assert (received.status, received.order, received.refund.amount) == (
        ProviderRefundStatus.APPLIED,
        order,
        order.total_amount,
    )
    assert sorted(points_of(member)) == [("clawback", -250), ("earn", 250)]


def test_our_own_refund_coming_back_as_an_event_is_not_applied_a_second_time(
    fake_stripe, staff, paid_order, deliver
):
    order, _payment = paid_order
    line = order.lines.get()
    refund_order(order=order, request=RefundRequest({line.pk: 1}), reason="Returned", actor=staff)
    (sent,) = fake_stripe.refunds
    event = fake_stripe.make_event("charge.refunded", fake_stripe.charge(sent["payment_intent"]))

    outcome = deliver(event)

    order.refresh_from_db()
    assert outcome == "refunds: ours"
    assert Refund.objects.filter(order=order).count() == 1
    assert order.refunded_amount == order.total_amount


@pytest.mark.parametrize("closed_first", [False, True])
def test_a_lost_dispute_is_one_refund_whichever_event_comes_first(
    fake_stripe, member, paid_order, deliver, closed_first
):
    order, payment = paid_order
    dispute_id, created = fake_stripe.dispute(payment.provider_payment_id)
    _same, closed = fake_stripe.dispute(
        payment.provider_payment_id, status="lost", dispute_id=dispute_id
    )

    for event in [closed, created] if closed_first else [created, closed]:
        deliver(event)

    order.refresh_from_db()
    received = ProviderRefund.objects.get()
    assert Refund.objects.filter(order=order).count() == 1
    assert order.status == OrderStatus.REFUNDED
    assert (received.reference, received.kind, received.dispute_outcome) == (
        dispute_id,
        "dispute",
        "lost",
    )
    assert received.refund.reason == f"Dispute at Stripe ({dispute_id})"
    assert points_of(member) == [("earn", 250), ("clawback", -250)]


def test_a_won_dispute_is_noted_and_the_refund_stays_single(fake_stripe, paid_order, deliver):
    order, payment = paid_order
    dispute_id, created = fake_stripe.dispute(payment.provider_payment_id)
    _same, won = fake_stripe.dispute(
        payment.provider_payment_id, status="won", dispute_id=dispute_id
    )

    assert deliver(created) == "dispute: applied"
    assert deliver(won) == "dispute: applied, won"

    assert Refund.objects.filter(order=order).count() == 1
    assert ProviderRefund.objects.get().dispute_outcome == "won"


def test_a_refund_for_an_unknown_payment_waits_and_changes_nothing(fake_stripe, deliver):
    _order, payment = start_stripe_order()
    fake_stripe.pay(payment.reference)
    intent = fake_stripe.session(payment.reference)["payment_intent"]

    outcome = deliver(fake_stripe.refund_in_dashboard(intent))

    assert outcome == "refunds: waiting"
    assert Payment.objects.get(pk=payment.pk).status == "started"
    assert not Refund.objects.exists()


def test_our_refund_whose_event_comes_before_stripe_answers_us_is_not_applied_twice(
    fake_stripe, paid_order, deliver
):
    """The window inside ``refund_order``: our refund row is written (pending), Stripe refunds,
    and its event arrives before we record Stripe's answer."""
    from apps.orders.refunds import _complete, _prepare, full_refund_request
    from apps.payments.services import refund_payment

    order, payment = paid_order
    pending = _prepare(
        order=order,
        request=full_refund_request(order),
        reason="Returned",
        actor=None,
        idempotency_key="staff-refund-1",
    )
    reference = refund_payment(refund=pending)  # Stripe has refunded; we have not recorded it

    outcome = deliver(
        fake_stripe.make_event("charge.refunded", fake_stripe.charge(payment.provider_payment_id))
    )
    _complete(refund=pending, reference=reference, actor=None)

    order.refresh_from_db()
    assert outcome == "refunds: ours"
    assert Refund.objects.filter(order=order).count() == 1
    assert order.refunded_amount == order.total_amount


def test_a_pending_refund_is_applied_when_stripe_says_it_succeeded(
    fake_stripe, paid_order, deliver
):
    order, payment = paid_order
    refunded = fake_stripe.refund_in_dashboard(payment.provider_payment_id, pending=True)
    (pending,) = fake_stripe.refunds

    assert deliver(refunded) == "refunds: none succeeded"
    assert not Refund.objects.exists()

    assert deliver(fake_stripe.complete_refund(pending["id"])) == "refund: applied"
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
