"""Row locks for quotes: the quote row first, then (on accept) the order's own locks."""

from .models import Quote


def lock_quote(quote_id: int) -> Quote:
    return Quote.objects.select_for_update().get(pk=quote_id)
