"""Helpers for tests that approve PayPal payments and post webhook events signed by the fake."""

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from apps.payments.models import Payment
from apps.payments.services import start_payment
from tests.factories import make_order


def return_from_paypal(client, fake_paypal, order, payment=None):
    """The buyer approves on PayPal and comes back to our return URL."""
    payment = payment or Payment.objects.get(order=order)
    redirect = fake_paypal.approve(payment.reference)
    parts = urlsplit(redirect)
    return client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def post_paypal_event(client, fake, event, *, signature=None, sent_at=None):
    transmission_id = "tx-1"
    sent_at = sent_at or timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    return client.post(
        "/payments/webhooks/paypal/",
        data=json.dumps(event),
        content_type="application/json",
        HTTP_PAYPAL_TRANSMISSION_ID=transmission_id,
        HTTP_PAYPAL_TRANSMISSION_TIME=sent_at,
        HTTP_PAYPAL_TRANSMISSION_SIG=signature
        or fake.signature(transmission_id, sent_at, fake.webhook_id, event),
        HTTP_PAYPAL_CERT_URL=fake.cert_url,
        HTTP_PAYPAL_AUTH_ALGO="SHA256withRSA",
    )


def start_paypal_order(*, member=None, total=Decimal("250.00")):
    """A USD order (one line of ``total``) whose buyer was sent to PayPal; returns the order and
    its payment."""
    order = make_order(currency="USD", payment_method="paypal", lines=[(total, 1)], member=member)
    start_payment(
        order=order,
        return_url=f"http://testserver/en/payments/paypal/return/{order.access_token}/",
        cancel_url="http://testserver/cancelled",
    )
    return order, Payment.objects.filter(order=order).latest("pk")
