"""The quotes API (the ERP reads and prices requests for quotation) and its webhook events."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.integrations.scopes import QUOTES_READ
from apps.quotes.models import QuoteStatus
from apps.quotes.services import accept_quote
from tests.quotes.conftest import address_of, rfq

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def test_the_erp_lists_reads_and_answers_a_quote(
    api, member, exchange_rates, receiver, settings, django_capture_on_commit_callbacks
):
    settings.QUOTES_STAFF_EMAIL = "sales@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            "/api/v1/webhook-endpoints/",
            {"url": receiver.url, "events": ["quote.requested", "quote.accepted"]},
            format="json",
        )
        quote = rfq(member)
    line = quote.lines.get()

    listed = api.get("/api/v1/quotes/?status=requested").json()["results"]
    assert [item["number"] for item in listed] == [quote.number]
    assert api.get(f"/api/v1/quotes/{quote.pk}/").json()["lines"][0]["quantity"] == 500
    body = {
        "lines": [{"line": line.pk, "unit_price": "84.00", "lead_time_days": 10}],
        "freight_amount": "300.00",
        "valid_until": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "expected_revision": 0,
    }
    with django_capture_on_commit_callbacks(execute=True):
        answered = api.post(
            f"/api/v1/quotes/{quote.pk}/answer/", body, format="json", HTTP_IDEMPOTENCY_KEY="a1"
        )
    assert answered.status_code == 201, answered.content
    revision = answered.json()["revisions"][0]
    assert (revision["number"], revision["total_amount"]) == (1, "42300.00")
    assert revision["answered_by_label"].startswith("api:")
    # The same answer made from revision 0 again (another key) is refused: it was revised.
    again = api.post(
        f"/api/v1/quotes/{quote.pk}/answer/", body, format="json", HTTP_IDEMPOTENCY_KEY="a2"
    )
    assert_error(again, 409, "quote_revised")

    with django_capture_on_commit_callbacks(execute=True):
        order = accept_quote(
            quote=quote,
            member=member,
            revision=1,
            address=address_of(member),
            payment_method="bank_transfer",
        )
    requested = receiver.events("quote.requested")[0]["data"]["quote"]
    accepted = receiver.events("quote.accepted")[0]["data"]["quote"]
    assert requested["number"] == quote.number and requested["status"] == QuoteStatus.REQUESTED
    assert accepted["order_number"] == order.number and accepted["status"] == "accepted"
    # The buyer and staff are told of the acceptance (the order's own confirmation as well).
    subjects = {(m.to[0], m.subject) for m in mail.outbox}
    assert (member.user.email, f"Quote {quote.number} accepted: order {order.number}") in subjects
    assert any(to == "sales@example.com" and "accepted quote" in s for to, s in subjects)


def test_quotes_need_their_scopes(make_key, client_for, member, exchange_rates):
    quote = rfq(member)
    reader = client_for(make_key(scopes=[QUOTES_READ]).key)

    assert reader.get("/api/v1/quotes/").status_code == 200
    response = reader.post(
        f"/api/v1/quotes/{quote.pk}/answer/", {}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 403
    assert (
        client_for(make_key(scopes=["orders:read"]).key).get("/api/v1/quotes/").status_code == 403
    )
