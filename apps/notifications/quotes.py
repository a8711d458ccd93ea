"""The e-mails of requests for quotation (docs/quotes.md), one per step, each in its
recipient's language: the buyer's (the language they asked in) for an answer and an accepted
quote; the shop's (``settings.LANGUAGE_CODE``) for the staff's, sent to ``QUOTES_STAFF_EMAIL``
or else the company details' address (none configured: staff read the admin's queue).

Each goes once (``services.send_once``), keyed by the step's entry in the quote's history, the
revision answered, or the quote accepted: an event handed over again sends nothing more."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.quotes.models import Quote
from apps.sitecontent.models import CompanyDetails

from .emails import absolute
from .services import send_once


def _staff_address() -> str:
    configured = str(getattr(settings, "QUOTES_STAFF_EMAIL", "") or "")
    if configured:
        return configured
    details = CompanyDetails.objects.first()
    return details.email if details else ""


def _send(
    *, key: str, to: str, language: str, subject_and_lines, action_url: str, action_label
) -> bool:
    """Send the step's e-mail once per ``key`` (``services.send_once``): a redelivered event
    sends nothing more."""
    if not to:
        return False
    return send_once(
        dedupe_key=key,
        build=lambda: _build(
            to=to,
            language=language,
            subject_and_lines=subject_and_lines,
            action_url=action_url,
            action_label=action_label,
        ),
    )


def _build(
    *, to: str, language: str, subject_and_lines, action_url: str, action_label
) -> EmailMultiAlternatives:
    with translation.override(language):
        subject, lines = subject_and_lines()
        context = {
            "subject": subject,
            "lines": lines,
            "action_url": action_url,
            "action_label": str(action_label),
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
        }
        email = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("quotes/email/message.txt", context),
            to=[to],
            headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
        )
        email.attach_alternative(
            render_to_string("quotes/email/message.html", context), "text/html"
        )
    return email


def _quote(quote_id: int) -> Quote | None:
    return (
        Quote.objects.select_related("member__user", "company", "order").filter(pk=quote_id).first()
    )


def _buyer_url(quote: Quote) -> str:
    with translation.override(quote.language):
        return absolute(reverse("quotes:detail", kwargs={"number": quote.number}))


def _staff_url(quote: Quote) -> str:
    return absolute(reverse("admin:quotes_quote_change", args=[quote.pk]))


def _who(quote: Quote) -> str:
    return quote.company.legal_name if quote.company else quote.email


def tell_staff(*, quote_id: int, step: str, activity_id: int | None = None) -> bool:
    """Staff are told of a new request, a revision asked for, a decline or an acceptance."""
    quote = _quote(quote_id)
    if quote is None:
        return False
    # The step's entry in the quote's history: one e-mail per entry (a quote may be asked to
    # be revised more than once: the event names its entry; else the latest).
    entries = quote.activities.filter(status=step)
    if activity_id is not None:
        entries = entries.filter(pk=activity_id)
    last = entries.order_by("-created_at", "-id").first()
    if last is None:
        return False

    def words():
        values = {"number": quote.number, "buyer": _who(quote)}
        subjects = {
            "requested": _("New request for quotation %(number)s from %(buyer)s"),
            "revision_requested": _("%(buyer)s asks for a revision of quote %(number)s"),
            "declined": _("%(buyer)s declined quote %(number)s"),
            "accepted": _("%(buyer)s accepted quote %(number)s"),
        }
        subject = subjects[step] % values
        lines = [subject]
        if last.note:
            lines.append(last.note)
        if quote.order is not None:
            lines.append(_("Order %(order)s was placed.") % {"order": quote.order.number})
        return subject, lines

    return _send(
        key=f"quote.{step}.staff:{last.pk}",
        to=_staff_address(),
        language=settings.LANGUAGE_CODE,
        subject_and_lines=words,
        action_url=_staff_url(quote),
        action_label=_("Open the quote in the admin"),
    )


def tell_buyer_answered(*, quote_id: int, revision: int) -> bool:
    """The buyer is told of a new revision: its total, validity and the link to read it."""
    quote = _quote(quote_id)
    if quote is None:
        return False
    offer = quote.revisions.filter(number=revision).first()
    if offer is None or quote.revision_count != revision:
        return False  # a later revision followed: that one is told

    def words():
        subject = _("Your quote %(number)s is ready") % {"number": quote.number}
        return subject, [
            _("We have priced your request: %(total)s, valid until %(date)s.")
            % {
                "total": formats.localize(offer.total_amount) + f" {quote.currency}",
                "date": formats.date_format(offer.valid_until, "DATE_FORMAT"),
            },
            offer.note,
        ]

    return _send(
        key=f"quote.answered:{quote.pk}:{revision}",
        to=quote.email,
        language=quote.language,
        subject_and_lines=words,
        action_url=_buyer_url(quote),
        action_label=gettext_lazy("Read the quote"),
    )


def tell_buyer_accepted(*, quote_id: int) -> bool:
    quote = _quote(quote_id)
    if quote is None or quote.order is None:
        return False

    def words():
        subject = _("Quote %(number)s accepted: order %(order)s") % {
            "number": quote.number,
            "order": quote.order.number,
        }
        return subject, [
            _("Thank you. Your order %(order)s was placed at the quoted prices.")
            % {"order": quote.order.number}
        ]

    with translation.override(quote.language):
        url = absolute(reverse("orders:detail", args=[quote.order.access_token]))
    return _send(
        key=f"quote.accepted.buyer:{quote.pk}",
        to=quote.email,
        language=quote.language,
        subject_and_lines=words,
        action_url=url,
        action_label=gettext_lazy("Open the order"),
    )
