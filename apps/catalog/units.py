"""Units of measure as buyers read them: a count with its unit, in the plural form the reader's
language needs for that count ("1 set", "2 sets"; Russian and Arabic have more forms), with the
count grouped for the locale ("2.400 Stk.").

A product's unit is a standard code when its English unit is one of ``UNITS`` (pcs, set, ...):
the words then come from our catalogues in every language. Any other unit is the merchant's own
text in each language, shown after the count as typed (it cannot be pluralised).
"""

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core import formatting

# code -> (the unit's name, the count with the unit in the plural form the count needs)
UNITS: dict[str, tuple[str | Promise, Callable[[int], str]]] = {
    "pcs": (_("pieces"), lambda n: ngettext("%(count)s pc", "%(count)s pcs", n)),
    "set": (_("sets"), lambda n: ngettext("%(count)s set", "%(count)s sets", n)),
    "pair": (_("pairs"), lambda n: ngettext("%(count)s pair", "%(count)s pairs", n)),
    "kg": (_("kilograms"), lambda n: ngettext("%(count)s kg", "%(count)s kg", n)),
    "t": (_("tonnes"), lambda n: ngettext("%(count)s tonne", "%(count)s tonnes", n)),
    "m": (_("metres"), lambda n: ngettext("%(count)s m", "%(count)s m", n)),
    "box": (_("boxes"), lambda n: ngettext("%(count)s box", "%(count)s boxes", n)),
    "carton": (_("cartons"), lambda n: ngettext("%(count)s carton", "%(count)s cartons", n)),
    "roll": (_("rolls"), lambda n: ngettext("%(count)s roll", "%(count)s rolls", n)),
}


def unit_of(product) -> str:
    """What an order line keeps as the product's unit: its code if it has a standard one (shown
    in the reader's language later), else its name in the active language."""
    code = getattr(product, "unit_en", None) or ""
    return code if code in UNITS else product.unit


def _unit_text(thing) -> tuple[str | None, str]:
    """(standard code or None, the unit's text) of a product or of a unit as stored."""
    if isinstance(thing, str):
        return (thing if thing in UNITS else None), thing
    code = getattr(thing, "unit_en", None) or ""
    return (code if code in UNITS else None), thing.unit


def quantity_text(count: int, unit) -> str:
    """``count`` of ``unit`` (a product or a stored unit) in plain text."""
    code, text = _unit_text(unit)
    shown = formatting.number(count)
    if code is None:
        return f"{shown} {text}".strip()
    return UNITS[code][1](count) % {"count": shown}


def quantity_html(count: int, unit) -> SafeString:
    """The same in HTML, the count isolated (``<bdi dir="ltr">``) and grouped."""
    code, text = _unit_text(unit)
    shown = formatting.isolated_html(formatting.number_text(count))
    if code is None:
        return mark_safe(f"{shown} {conditional_escape(text)}".strip())  # noqa: S308
    message = conditional_escape(UNITS[code][1](count))
    return mark_safe(message % {"count": shown})  # noqa: S308
