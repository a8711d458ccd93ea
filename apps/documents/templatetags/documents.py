"""``{{ line|text_direction }}``: "rtl" or "ltr" by the line's first strong character, as
``dir="auto"`` does in browsers (WeasyPrint does not resolve ``auto``): a Latin address line
in an Arabic document keeps "1 Harbour Road" in its order."""

import unicodedata

from django import template

register = template.Library()


@register.filter
def text_direction(text: str) -> str:
    for character in str(text):
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
