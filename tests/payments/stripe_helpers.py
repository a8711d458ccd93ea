"""Helpers for tests that post Stripe webhook events signed by the local fake."""

import json
from decimal import Decimal

from apps.payments.models import Payment
from apps.payments.services import start_payment
from tests.factories import make_order


def post_stripe_event(client, fake, event, *, signature=None):
    body = json.dumps(event).encode()
    return client.post(
        "/payments/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or fake.sign(body),
    )


def paid_session_event(fake, session_id, **changes):
    fake.pay(session_id)
    session = {**fake.session(session_id), **changes}
    return fake.make_event("checkout.session.completed", session)


def start_stripe_order(*, member=None, total=Decimal("250.00")):
    """A USD order (one line of ``total``) whose buyer was sent to Stripe; returns the order
    and its payment."""
    order = make_order(currency="USD", payment_method="stripe", lines=[(total, 1)], member=member)
    start_payment(
        order=order, return_url="http://testserver/done", cancel_url="http://testserver/cancelled"
    )
    return order, Payment.objects.get(order=order)


def points_of(member) -> list[tuple[str, int]]:
    """(kind, points) of the member's ledger entries, oldest first."""
    from apps.ledger.models import LedgerEntry

    return list(
        LedgerEntry.objects.filter(account__member=member)
        .order_by("pk")
        .values_list("kind", "points")
    )
