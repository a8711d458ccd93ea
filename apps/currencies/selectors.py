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


def exchange_rate(source: str, target: str) -> Decimal | None:
    """Units of ``target`` for one unit of ``source`` at the merchant's current rates (djmoney's
    cached lookup, ``apps.currencies.exchange``); None when no rate is set. The one rate lookup."""
    if source == target:
        return Decimal(1)
    try:
        return Decimal(get_rate(source, target))
    except MissingRate:
        return None


def convert(money: Money, currency: str) -> Money:
    """``money`` in ``currency`` at the merchant's current rate, rounded to the minor unit.

    Raises ``UnsupportedCurrency`` or ``MissingExchangeRate``.
    """
    if currency not in settings.CURRENCIES:
        raise UnsupportedCurrency()
    rate = exchange_rate(str(money.currency), currency)
    if rate is None:
        raise MissingExchangeRate()
    return Money(round_to_minor_unit(money.amount * rate, currency), currency)


def from_base(amount: Decimal, currency: str) -> Money | None:
    """An amount of the base currency in ``currency`` at the merchant's current rate, rounded to
    the minor unit; None when no rate is set (the page shows the figure without it)."""
    rate = exchange_rate(settings.BASE_CURRENCY, currency)
    if rate is None:
        return None
    return Money(round_to_minor_unit(amount * rate, currency), currency)
