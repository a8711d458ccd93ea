from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurrenciesConfig(AppConfig):
    """The shopper's currency and the merchant's exchange rates: infrastructure every domain that
    shows or converts money uses (just above core)."""

    name = "apps.currencies"
    verbose_name = _("Currencies")
