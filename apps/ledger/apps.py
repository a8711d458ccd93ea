from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "apps.ledger"
    verbose_name = _("Points ledger")

    def ready(self) -> None:
        from apps.checkout.discounts import register_discount_provider

        from .redemption import points_discount

        register_discount_provider(points_discount)
