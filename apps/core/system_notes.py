"""Notes the system writes for staff (an order's timeline, a referral): stored as the message's
source text and shown in the reader's language.

Written while a buyer's request is served, such a note would otherwise be in the buyer's
language: an order placed in Arabic told a German merchant "تم تقديم الطلب". Mark the message
with ``gettext_noop`` where it is written and show the field through ``shown``.
"""

from django.utils import translation


def shown(note: str) -> str:
    """``note`` in the reader's language if it is one of our messages; staff's words as typed."""
    return translation.gettext(note) if note else ""  # gettext("") is the catalogue's header


def restore_source_text(queryset, field: str, translations: dict[str, list[str]]) -> int:
    """Set ``field`` back to the source text where it holds one of that text's
    ``translations`` (rows written before the notes were stored untranslated; migrations pass
    the translations as literals, so the result does not depend on compiled catalogues);
    returns how many rows changed."""
    return sum(
        queryset.filter(**{f"{field}__in": texts}).update(**{field: source})
        for source, texts in translations.items()
    )
