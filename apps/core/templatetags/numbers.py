"""Numbers, signed numbers, codes and lists in the reader's locale (``apps.core.formatting``):
``{{ points|number }}`` (1.495 in German), ``{{ entry.points|signed }}`` (+500),
``{{ order.number|ltr }}``, ``{{ names|as_list }}`` (a、b和c in Chinese).

Numbers, signed numbers and codes are isolated: ``<bdi dir="ltr">`` in HTML, the Unicode
isolates in plain text (``autoescape off``) of right-to-left languages.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from apps.core import formatting

register = template.Library()


def _isolated(text: str, autoescape: bool) -> str:
    return formatting.isolated_html(text) if autoescape else formatting.isolated(text)


@register.filter(needs_autoescape=True)
def number(value, autoescape: bool = True) -> str:
    if value is None or value == "":
        return ""
    return _isolated(formatting.number_text(value), autoescape)


@register.filter(needs_autoescape=True)
def signed(value, autoescape: bool = True) -> str:
    if value is None or value == "":
        return ""
    return _isolated(formatting.signed_number_text(value), autoescape)


@register.filter(needs_autoescape=True)
def ltr(value, autoescape: bool = True) -> str:
    if value is None or value == "":
        return ""
    return _isolated(str(value), autoescape)


@register.filter(needs_autoescape=True)
def as_list(items, autoescape: bool = True) -> str:
    if not autoescape:
        return formatting.list_text(items)
    # Each item escaped; the language's separators are plain text.
    return mark_safe(formatting.list_text(conditional_escape(item) for item in items))  # noqa: S308


@register.filter
def number_text(value) -> str:
    """Grouped but not isolated: for a number inside an isolated run of its own (a range)."""
    if value is None or value == "":
        return ""
    return formatting.number_text(value)
