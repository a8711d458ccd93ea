from django.utils.translation import gettext_lazy as _
from djmoney.contrib.exchange.models import Rate


class ExchangeRate(Rate):
    """djmoney's rate row as the merchant sees it: 1 unit of the base currency = value."""

    class Meta:
        proxy = True
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
