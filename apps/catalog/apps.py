from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        # Cache invalidation only (no business logic): whatever edits the catalogue, in the
        # admin or elsewhere, makes cached catalogue pages stale.
        from djmoney.contrib.exchange.models import Rate

        from apps.sitecontent.models import CompanyDetails, ContentPage

        from .caching import on_catalogue_model_change
        from .models import (
            Category,
            Product,
            ProductImage,
            ProductPrice,
            ProductSpecification,
            Specification,
        )

        # Cached pages carry the layout too: the footer shows the company details and pages.
        layout = (CompanyDetails, ContentPage)
        catalogue = (Category, Product, ProductImage, ProductPrice, Specification)
        for model in (*catalogue, ProductSpecification, Rate, *layout):
            for signal in (post_save, post_delete):
                signal.connect(
                    on_catalogue_model_change,
                    sender=model,
                    dispatch_uid=f"catalog-cache-{model.__name__}-{id(signal)}",
                )
