"""Exchange rates maintained by the merchant (django-money's exchange app, our own backend).

Rates are stored as "1 unit of the base currency = value units of the currency" in djmoney's
``Rate`` table under the backend named ``merchant``. djmoney's ``convert_money``/``get_rate``
read them (and cache them; ``apps.currencies.services.set_exchange_rate`` clears that cache).
"""

from djmoney.contrib.exchange.backends.base import BaseExchangeBackend


class MerchantRatesBackend(BaseExchangeBackend):
    name = "merchant"

    def get_rates(self, **params):
        # Rates come from the admin, not from a remote service.
        from djmoney.contrib.exchange.models import Rate

        return dict(Rate.objects.filter(backend_id=self.name).values_list("currency", "value"))
