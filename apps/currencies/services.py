"""Writes for cross-cutting data: exchange rates."""

from decimal import Decimal
from itertools import product

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from djmoney.contrib.exchange.models import ExchangeBackend, Rate

from apps.core.cache import cache
from apps.core.errors import ApplicationError

from .errors import UnsupportedCurrency
from .exchange import MerchantRatesBackend


class InvalidExchangeRate(ApplicationError):
    code = "invalid_exchange_rate"


@transaction.atomic
def set_exchange_rate(*, currency: str, value: Decimal) -> Rate:
    """Set how many units of ``currency`` one unit of the base currency buys.

    Raises ``UnsupportedCurrency`` for a currency outside ``settings.CURRENCIES`` and
    ``InvalidExchangeRate`` for a value that is not positive. Conversions see the new rate at
    once: djmoney's cached rates for this backend are dropped after commit.
    """
    if currency not in settings.CURRENCIES:
        raise UnsupportedCurrency()
    value = Decimal(value)
    if value <= 0:
        raise InvalidExchangeRate(_("An exchange rate must be greater than zero."))
    backend, _backend_created = ExchangeBackend.objects.get_or_create(
        name=MerchantRatesBackend.name, defaults={"base_currency": settings.BASE_CURRENCY}
    )
    rate, _rate_created = Rate.objects.update_or_create(
        backend=backend, currency=currency, defaults={"value": value}
    )
    backend.save(update_fields=["last_update"])
    forget_cached_rates()  # with Redis down this raises: the change is refused, not left stale
    transaction.on_commit(forget_cached_rates)
    return rate


def forget_cached_rates() -> None:
    keys = [
        f"djmoney:get_rate:{source}:{target}:{MerchantRatesBackend.name}"
        for source, target in product(settings.CURRENCIES, repeat=2)
    ]
    cache.forget(*keys)
