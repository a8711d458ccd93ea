from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PricelistsConfig(AppConfig):
    name = "apps.pricelists"
    verbose_name = _("Price lists")

    def ready(self) -> None:
        # Cache invalidation only (no business logic): a price list's prices and whom it is
        # assigned to are part of cached catalogue pages and of the cached list prices.
        from apps.catalog.caching import on_catalogue_model_change

        from .models import PriceList, PriceListAssignment, PriceListItem

        for model in (PriceList, PriceListItem, PriceListAssignment):
            for signal in (post_save, post_delete):
                signal.connect(
                    on_catalogue_model_change,
                    sender=model,
                    dispatch_uid=f"pricelists-cache-{model.__name__}-{id(signal)}",
                )
