"""Each step e-mails the one who acts next, in their language (the acceptance's e-mails:
tests/integrations/test_quotes_api.py)."""

import pytest
from django.core import mail

from apps.quotes.services import request_revision

from .conftest import answer, rfq

pytestmark = pytest.mark.django_db


def test_staff_and_buyer_are_told_each_step_in_their_language(
    member, exchange_rates, settings, django_capture_on_commit_callbacks
):
    settings.QUOTES_STAFF_EMAIL = "sales@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        quote = rfq(member, language="ja")
    with django_capture_on_commit_callbacks(execute=True):
        answer(quote)
    with django_capture_on_commit_callbacks(execute=True):
        request_revision(quote=quote, member=member, note="80 USD?")
    with django_capture_on_commit_callbacks(execute=True):
        answer(quote, price="80.00")

    quote_mails = [m for m in mail.outbox if quote.number in m.subject]
    staff = [m.subject for m in quote_mails if m.to == ["sales@example.com"]]
    buyer = [m.subject for m in quote_mails if m.to == [member.user.email]]
    assert staff[0].startswith("New request for quotation")
    assert "asks for a revision" in staff[1] and "80 USD?" in quote_mails[2].body
    assert buyer[0] == f"お見積 {quote.number} の準備ができました"
    assert len(buyer) == 2  # one per revision
    assert quote_mails[1].extra_headers["Content-Language"] == "ja"
