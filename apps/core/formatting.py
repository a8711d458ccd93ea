"""Numbers, amounts, codes and lists as the reader's language writes them (CLDR, through Babel,
which also formats djmoney's amounts), kept whole in right-to-left text.

In an Arabic sentence the Unicode bidi algorithm reorders the parts of a left-to-right run that
holds neutral characters: "US$" became "$US", "+500" became "500+", "(35.00 US$)." lost its
brackets. Every amount, code and signed number is therefore isolated: in HTML inside
``<bdi dir="ltr">`` (``templatetags/money.py`` and ``numbers.py``), in plain text (e-mails,
messages, inbox notes) between the Unicode isolates LRI and PDI when the language is written
right to left. Templates and Python code format through here, never with ``str(money)`` or
``intcomma``.
"""

from collections.abc import Iterable
from copy import copy
from decimal import Decimal

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal, get_plus_sign_symbol
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from djmoney.money import Money

LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def babel_locale() -> str:
    """The active language as a Babel locale name (zh-hans -> zh_Hans)."""
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)


def isolated(text: str) -> str:
    """``text`` kept left to right as one unit in plain text of a right-to-left language."""
    if not text or not translation.get_language_bidi():
        return text
    return f"{LEFT_TO_RIGHT_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"


def isolated_html(text: str) -> SafeString:
    """``text`` (escaped) kept left to right as one unit in HTML of any direction."""
    return format_html('<bdi dir="ltr">{}</bdi>', text)


def number_text(value: int | Decimal) -> str:
    """``value`` grouped as the language writes it: 1.495 (de), 1 495 (fr, ru), 1,495 (en, zh),
    1495 (es: CLDR groups only from five digits)."""
    return format_decimal(value, locale=babel_locale())


def signed_number_text(value: int | Decimal) -> str:
    """``value`` with its sign, also when positive: +500, -1.200."""
    text = number_text(value)
    if value > 0:
        return get_plus_sign_symbol(babel_locale()) + text
    return text


def percent_text(value: Decimal) -> str:
    """A share given in per cent (21.4), with one decimal and the language's per cent sign and
    spacing: 21.4%, 21,4 % (de, fr)."""
    pattern = copy(Locale.parse(babel_locale()).percent_formats[None])
    pattern.frac_prec = (1, 1)
    return pattern.apply(Decimal(value) / 100, babel_locale())


def money_text(value: Money) -> str:
    """An amount with its currency, as the language writes it (djmoney's Babel formatting)."""
    return str(value)


def list_text(items: Iterable[str]) -> str:
    """Items joined as the language joins a list: "a, b and c", "a、b和c", "a، b و c"."""
    items = [str(item) for item in items]
    return format_list(items, locale=babel_locale()) if items else ""


# --- plain text with isolation: for e-mails, messages and stored notes ---------------------


def number(value: int | Decimal) -> str:
    return isolated(number_text(value))


def signed_number(value: int | Decimal) -> str:
    return isolated(signed_number_text(value))


def money(value: Money | None) -> str:
    return isolated(money_text(value)) if value is not None else ""


def code(value: str) -> str:
    """An identifier read left to right (order number, SKU, coupon code, VAT id)."""
    return isolated(str(value))
