from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class InvalidPriceList(ApplicationError):
    code = "invalid_price_list"
    default_message = _("This price list is not valid.")


class PriceImportFailed(ApplicationError):
    """Nothing was imported; ``details["errors"]`` lists (line, message) for each bad row."""

    code = "price_import_failed"
    default_message = _("No prices were imported: correct the rows below and try again.")
