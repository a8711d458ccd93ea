from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class QuoteError(ApplicationError):
    code = "quote_error"
    default_message = _("This quote cannot be changed that way now.")


class QuoteNotOpen(QuoteError):
    """The quote is accepted or declined: nothing more can be done with it."""

    code = "quote_not_open"
    default_message = _("This quote is closed (accepted or declined).")


class QuoteNotAnswered(QuoteError):
    code = "quote_not_answered"
    default_message = _("This quote has not been answered yet.")


class QuoteExpired(QuoteError):
    code = "quote_expired"
    default_message = _("This quote expired on %(date)s; ask for a revision.")


class QuoteRevised(QuoteError):
    """The revision acted on is no longer the latest one (staff answered meanwhile)."""

    code = "quote_revised"
    default_message = _("The quote was revised meanwhile; please read the new revision.")


class QuoteIncomplete(QuoteError):
    code = "quote_incomplete"
    default_message = _("Every line needs a product and a unit price before the quote is sent.")


class InvalidAttachment(QuoteError):
    code = "invalid_attachment"
    default_message = _("Attach PDF, DWG, PNG or JPEG files of at most %(size)s MB each.")


class EmptyRequest(QuoteError):
    code = "empty_request"
    default_message = _("Add at least one line to the request.")


class MayNotQuote(QuoteError):
    code = "may_not_quote"
    default_message = _("Your role in your company does not allow requesting or accepting quotes.")
