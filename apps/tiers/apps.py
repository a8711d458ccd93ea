from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiersConfig(AppConfig):
    name = "apps.tiers"
    verbose_name = _("Tiers")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from apps.catalog.access import register_early_access
        from apps.catalog.pricing import register_member_discount
        from apps.ledger.redemption import REDEMPTION_RATE_HOOKS
        from apps.ledger.rules import POINTS_MULTIPLIER_HOOKS
        from apps.orders.benefits import register_priority_service, register_shipping_benefit

        from . import hooks
        from .models import Tier
        from .selectors import forget_cached_tiers

        post_save.connect(forget_cached_tiers, sender=Tier, dispatch_uid="tiers-cache-save")
        post_delete.connect(forget_cached_tiers, sender=Tier, dispatch_uid="tiers-cache-delete")
        register_member_discount(hooks.member_discount)
        register_early_access(hooks.early_access)
        register_shipping_benefit(hooks.shipping_benefit)
        register_priority_service(hooks.priority_service)
        if hooks.points_multiplier not in POINTS_MULTIPLIER_HOOKS:
            POINTS_MULTIPLIER_HOOKS.append(hooks.points_multiplier)
        if hooks.redemption_rate not in REDEMPTION_RATE_HOOKS:
            REDEMPTION_RATE_HOOKS.append(hooks.redemption_rate)
