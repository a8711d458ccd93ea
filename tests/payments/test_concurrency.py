"""Provider events about one payment arriving at the same moment, in threads with their own
Postgres connections (committed data: locks only prove something across transactions that run
at the same time)."""

import pytest

from apps.orders.models import OrderStatus
from apps.payments.models import ProviderRefund, ProviderRefundStatus
from apps.payments.services import handle_stripe_event, record_webhook_event
from tests.ledger.test_concurrency import in_threads
from tests.payments.stripe_helpers import start_stripe_order

pytestmark = pytest.mark.django_db(transaction=True)


def receive(event):
    return record_webhook_event(
        provider="stripe",
        event_id=event["id"],
        event_type=event["type"],
        payload=event,
        handler=handle_stripe_event,
    )


def test_a_refund_arriving_with_the_payment_event_is_applied_whichever_commits_first(
    fake_stripe,
):
    """Without the lock on the provider payment, about one round in three left the refund
    waiting for good (its handler looked for the payment just before the settlement committed,
    and the settlement looked for waiting refunds just before the refund's row committed)."""
    for _round in range(12):
        order, payment = start_stripe_order()
        fake_stripe.pay(payment.reference)
        session = fake_stripe.session(payment.reference)
        paid = fake_stripe.make_event("checkout.session.completed", session)
        refunded = fake_stripe.refund_in_dashboard(session["payment_intent"])

        outcomes = in_threads(2, lambda i, events=(paid, refunded): receive(events[i]))

        order.refresh_from_db()
        received = ProviderRefund.objects.get(provider_payment_id=session["payment_intent"])
        assert outcomes[0] == "order paid"
        assert outcomes[1] in ("refunds: applied", "refunds: waiting")
        assert received.status == ProviderRefundStatus.APPLIED
        assert order.status == OrderStatus.REFUNDED


def test_a_disputes_created_and_lost_events_at_the_same_moment_make_one_refund(fake_stripe):
    order, payment = start_stripe_order()
    fake_stripe.pay(payment.reference)
    assert (
        receive(
            fake_stripe.make_event(
                "checkout.session.completed", fake_stripe.session(payment.reference)
            )
        )
        == "order paid"
    )
    payment.refresh_from_db()
    dispute_id, created = fake_stripe.dispute(payment.provider_payment_id)
    _same, lost = fake_stripe.dispute(
        payment.provider_payment_id, status="lost", dispute_id=dispute_id
    )

    outcomes = in_threads(2, lambda i: receive([created, lost][i]))

    order.refresh_from_db()
    assert sorted(outcomes) == ["dispute: applied", "dispute: applied, lost"]
    assert order.refunds.count() == 1
    assert order.status == OrderStatus.REFUNDED
