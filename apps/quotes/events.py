"""What the quotes app announces (``services``); notifications and integrations listen."""

from apps.core.events import Event, declare


@declare("quote.requested")
class QuoteRequested(Event):
    """A buyer requested a quotation (staff are told; integrators' ERP may price it)."""

    quote_id: int


@declare("quote.answered")
class QuoteAnswered(Event):
    """Staff or the ERP answered a quote: a new revision with prices (the buyer is told)."""

    quote_id: int
    revision: int


@declare("quote.revision_requested")
class QuoteRevisionRequested(Event):
    """The buyer asked for a revision of the quote (staff are told)."""

    quote_id: int
    # The request's entry in the quote's history (staff get one e-mail per entry, with its
    # note); None in events published before it was recorded.
    activity_id: int | None = None


@declare("quote.accepted")
class QuoteAccepted(Event):
    """The buyer accepted a quote: its order was placed at the quoted prices."""

    quote_id: int
    order_id: int


@declare("quote.declined")
class QuoteDeclined(Event):
    """The buyer declined the quote (staff are told)."""

    quote_id: int
