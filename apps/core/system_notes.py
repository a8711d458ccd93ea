"""Notes the system writes for staff (an order's timeline, a referral): stored as the message's
source text and shown in the reader's language.

Written while a buyer's request is served, such a note would otherwise be in the buyer's
language: an order placed in Arabic told a German merchant "تم تقديم الطلب". Mark the message
with ``gettext_noop`` where it is written and show the field through ``shown``.
"""

from django.conf import settings
from django.utils import translation


def shown(note: str) -> str:
    """``note`` in the reader's language if it is one of our messages; staff's words as typed."""
    return translation.gettext(note) if note else ""  # gettext("") is the catalogue's header


def restore_source_text(queryset, field: str, messages: list[str]) -> int:
    """Set ``field`` back to the source text where it holds a translation of one of
    ``messages`` (for rows written before the notes were stored untranslated); returns how many
    rows changed."""
    changed = 0
    for message in messages:
        translations = set()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                translations.add(translation.gettext(message))
        translations.discard(message)
        if translations:
            changed += queryset.filter(**{f"{field}__in": translations}).update(**{field: message})
    return changed
