"""Reads for cross-cutting data: currencies and conversion at the merchant's rates."""

from decimal import ROUND_HALF_UP, Decimal

import moneyed
from django.conf import settings
from djmoney.contrib.exchange.exceptions import MissingRate
from djmoney.contrib.exchange.models import get_rate
from djmoney.money import Money

from .errors import MissingExchangeRate, UnsupportedCurrency


def minor_unit_exponent(currency: str) -> int:
    """Decimal places of a currency's minor unit: 2 for USD, 0 for JPY."""
    sub_unit = moneyed.get_currency(currency).sub_unit
    return len(str(sub_unit)) - 1


def round_to_minor_unit(amount: Decimal, currency: str) -> Decimal:
    return Decimal(amount).quantize(
        Decimal(1).scaleb(-minor_unit_exponent(currency)), rounding=ROUND_HALF_UP
    )


def convert(money: Money, currency: str) -> Money:
    """``money`` in ``currency`` at the merchant's current rate, rounded to the minor unit.

    Raises ``UnsupportedCurrency`` or ``MissingExchangeRate``.
    """
    if currency not in settings.CURRENCIES:
        raise UnsupportedCurrency()
    source = str(money.currency)
    if source == currency:
        return Money(round_to_minor_unit(money.amount, currency), currency)
    try:
        rate = Decimal(get_rate(source, currency))
    except MissingRate as error:
        raise MissingExchangeRate() from error
    return Money(round_to_minor_unit(money.amount * rate, currency), currency)
