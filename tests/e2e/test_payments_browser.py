"""A second payment and a dispute, as the buyer and the merchant see them in Chromium: the
buyer's order page on a phone in Arabic and German and on a desktop in English, the order in
the admin. Fits the width, no serious accessibility problem."""

import pytest
from django.test import Client

from apps.payments.models import Payment
from apps.payments.services import handle_stripe_event, record_webhook_event, start_payment
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.payments.stripe_helpers import start_stripe_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def receive(event):
    return record_webhook_event(
        provider="stripe",
        event_id=event["id"],
        event_type=event["type"],
        payload=event,
        handler=handle_stripe_event,
    )


@pytest.fixture
def paid_twice_and_disputed(fake_stripe):
    """Paid in two tabs (the second payment refunded automatically), then the first disputed."""
    order, first = start_stripe_order()
    start_payment(order=order, return_url="http://testserver/r", cancel_url="http://testserver/c")
    second = Payment.objects.filter(order=order).latest("pk")
    for payment in (first, second):
        fake_stripe.pay(payment.reference)
        receive(
            fake_stripe.make_event(
                "checkout.session.completed", fake_stripe.session(payment.reference)
            )
        )
    first.refresh_from_db()
    _id, dispute = fake_stripe.dispute(first.provider_payment_id)
    receive(dispute)
    order.refresh_from_db()
    return order


@pytest.mark.parametrize(
    ("language", "locale", "viewport", "text"),
    [
        ("en", "en-US", DESKTOP, "so we refunded your second payment"),
        ("ar", "ar-AE", PHONE, "لذا أعدنا إليك دفعتك الثانية"),
        ("de", "de-DE", PHONE, "daher haben wir Ihnen Ihre zweite Zahlung"),
    ],
)
def test_the_buyer_reads_that_the_second_payment_was_refunded(
    live_server, page_factory, paid_twice_and_disputed, language, locale, viewport, text
):
    order = paid_twice_and_disputed
    page = page_factory(viewport=viewport, locale=locale)

    page.goto(f"{live_server.url}/{language}/orders/{order.access_token}/")

    notice = page.get_by_test_id("duplicate-payment")
    assert text in notice.inner_text()
    screenshot(page, f"payments-order-paid-twice-{language}-{viewport['width']}")
    assert too_wide(page) == []
    assert accessibility_problems(page) == []


def test_the_merchant_sees_the_payments_and_the_dispute_on_the_order(
    live_server, page_factory, paid_twice_and_disputed, admin_user
):
    order = paid_twice_and_disputed
    client = Client()
    client.force_login(admin_user)
    page = page_factory(viewport=DESKTOP)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/admin/orders/order/{order.pk}/change/")

    payments = page.locator("#order-payments").inner_text()
    disputes = page.locator("#order-provider-refunds").inner_text()
    screenshot(page, "payments-admin-order")
    assert "Paid twice" in payments and "Refunded" in payments
    assert "Dispute (chargeback)" in disputes and "Applied to the order" in disputes
