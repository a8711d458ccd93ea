"""Currency errors (stable codes, as before the move out of core)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class UnsupportedCurrency(ApplicationError):
    code = "unsupported_currency"
    default_message = _("This currency is not supported.")


class MissingExchangeRate(ApplicationError):
    code = "missing_exchange_rate"
    default_message = _("No exchange rate is set for this currency.")
