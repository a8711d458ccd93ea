"""Amounts in words, as invoices and bank documents write them: the whole units in words in the
document's language, the currency's name, the minor units as a fraction ("and 50/100").

num2words writes the numbers (its currency mode knows few currencies per language and gives
Arabic riyals for every currency, so only its cardinal numbers are used); Babel names the
currency. num2words has no Chinese: Chinese is written with the financial numerals (大写) that
Chinese invoices and cheques use, 壹仟肆佰玖拾伍元伍角整.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_name, get_currency_precision
from django.utils.translation import gettext as _
from djmoney.money import Money
from num2words import num2words

from apps.core.formatting import babel_locale

# Our languages as num2words names them (Chinese has its own writer below).
NUM2WORDS_LANGUAGE = {
    "en": "en",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "pt": "pt",
    "ru": "ru",
    "ar": "ar",
    "ja": "ja",
}

CHINESE_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CHINESE_GROUPS = ("", "万", "亿", "万亿")


def amount_in_words(value: Money) -> str:
    """``value`` in words in the active language, e.g. "One thousand, four hundred and
    ninety-five US dollars and 50/100"; "美元壹仟肆佰玖拾伍元伍角整" in Chinese."""
    code = str(value.currency)
    precision = get_currency_precision(code)
    amount = Decimal(value.amount).quantize(Decimal(1).scaleb(-precision), ROUND_HALF_UP)
    whole = int(amount)
    fraction = int((amount - whole) * 10**precision)
    locale = babel_locale()
    currency = get_currency_name(code, count=whole, locale=locale)
    if locale.startswith("zh"):
        return f"{currency}{chinese_financial(whole)}元{_chinese_minor(whole, fraction, precision)}"
    words = num2words(whole, lang=NUM2WORDS_LANGUAGE.get(locale.split("_")[0], "en"))
    if precision:
        text = _("%(words)s %(currency)s and %(fraction)s/%(base)s") % {
            "words": words,
            "currency": currency,
            "fraction": f"{fraction:0{precision}d}",
            "base": 10**precision,
        }
    else:
        text = _("%(words)s %(currency)s") % {"words": words, "currency": currency}
    return text[:1].upper() + text[1:]


def chinese_financial(number: int) -> str:
    """A whole number in Chinese financial numerals: 1495 -> 壹仟肆佰玖拾伍, 10500 -> 壹万零伍佰."""
    if number == 0:
        return CHINESE_DIGITS[0]
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    text = ""
    zero_pending = False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (group < 1000 or zero_pending):
            text += CHINESE_DIGITS[0]
        text += _chinese_group(group) + CHINESE_GROUPS[index]
        zero_pending = False
    return text


def _chinese_group(group: int) -> str:
    """A number below 10,000: 1005 -> 壹仟零伍 (one 零 for any run of zeros inside)."""
    text = ""
    zero_pending = False
    for place, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = group // place % 10
        if digit == 0:
            zero_pending = zero_pending or bool(text)
            continue
        if zero_pending:
            text += CHINESE_DIGITS[0]
            zero_pending = False
        text += CHINESE_DIGITS[digit] + unit
    return text


def _chinese_minor(whole: int, fraction: int, precision: int) -> str:
    """角 and 分 (tenths and hundredths); 整 ("exactly") after the last non-zero place."""
    if precision != 2 or fraction == 0:
        return "整"
    tenths, hundredths = divmod(fraction, 10)
    text = f"{CHINESE_DIGITS[tenths]}角" if tenths else (CHINESE_DIGITS[0] if whole else "")
    return text + (f"{CHINESE_DIGITS[hundredths]}分" if hundredths else "整")
