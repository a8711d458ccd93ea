from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class ProductNotReleased(ApplicationError):
    """An early-access product before its public date, for a shopper without early access."""

    code = "product_not_released"
    default_message = _("%(product)s is not available to you yet.")
