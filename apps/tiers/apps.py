from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiersConfig(AppConfig):
    name = "apps.tiers"
    verbose_name = _("Tiers")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import Tier
        from .selectors import forget_cached_tiers

        post_save.connect(forget_cached_tiers, sender=Tier, dispatch_uid="tiers-cache-save")
        post_delete.connect(forget_cached_tiers, sender=Tier, dispatch_uid="tiers-cache-delete")
