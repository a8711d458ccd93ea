from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SiteContentConfig(AppConfig):
    name = "apps.sitecontent"
    verbose_name = _("Company and pages")

    def ready(self) -> None:
        from .models import CompanyDetails, ContentPage, ContentSection

        # Cache invalidation only: the footer's cached copy is dropped whatever edits these.
        for model in (CompanyDetails, ContentPage, ContentSection):
            for signal in (post_save, post_delete):
                signal.connect(
                    _forget_cached_content,
                    sender=model,
                    dispatch_uid=f"sitecontent-cache-{model.__name__}-{id(signal)}",
                )


def _forget_cached_content(sender, **kwargs) -> None:
    from .selectors import site_content_changed

    site_content_changed()
