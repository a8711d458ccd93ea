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


def test_a_redelivered_event_sends_no_second_e_mail(
    member, exchange_rates, settings, django_capture_on_commit_callbacks
):
    from apps.notifications import subscribers
    from apps.quotes.events import QuoteAnswered, QuoteRequested, QuoteRevisionRequested

    settings.QUOTES_STAFF_EMAIL = "sales@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        quote = rfq(member)
    with django_capture_on_commit_callbacks(execute=True):
        answer(quote)
    with django_capture_on_commit_callbacks(execute=True):
        request_revision(quote=quote, member=member, note="80 USD?")
    sent = len(mail.outbox)
    assert sent == 3

    # Each event handed over again (a worker died before its delivery was recorded).
    subscribers.email_quote_requested(QuoteRequested(quote_id=quote.pk))
    subscribers.email_quote_answered(QuoteAnswered(quote_id=quote.pk, revision=1))
    subscribers.email_quote_revision_requested(QuoteRevisionRequested(quote_id=quote.pk))
    assert len(mail.outbox) == sent

    # A second revision asked for is a new step: it is told.
    with django_capture_on_commit_callbacks(execute=True):
        answer(quote, price="80.00")
    with django_capture_on_commit_callbacks(execute=True):
        request_revision(quote=quote, member=member, note="75?")
    assert len(mail.outbox) == sent + 2


def test_a_late_revision_request_reaches_staff_with_its_own_note(
    member, exchange_rates, settings, django_capture_on_commit_callbacks
):
    """Delivered after a second request exists, the first is still told, once, with its note."""
    from apps.notifications import subscribers
    from apps.quotes.events import QuoteRevisionRequested
    from apps.quotes.models import QuoteActivity, QuoteStatus

    settings.QUOTES_STAFF_EMAIL = "sales@example.com"
    quote = rfq(member)
    answer(quote)
    with django_capture_on_commit_callbacks(execute=False) as delayed:
        request_revision(quote=quote, member=member, note="80 USD?")
        answer(quote, price="80.00")
        request_revision(quote=quote, member=member, note="75?")
    first, second = QuoteActivity.objects.filter(
        quote=quote, status=QuoteStatus.REVISION_REQUESTED
    ).order_by("pk")
    mail.outbox.clear()

    # The outbox delivers the second request first, then the first, then the first again.
    for activity in (second, first, first):
        subscribers.email_quote_revision_requested(
            QuoteRevisionRequested(quote_id=quote.pk, activity_id=activity.pk)
        )

    assert [m.body.count("75?") + 2 * m.body.count("80 USD?") for m in mail.outbox] == [1, 2]
    assert delayed  # the events themselves were only queued
