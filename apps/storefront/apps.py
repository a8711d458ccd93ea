from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    """Pages that gather many domains (the home page, the member center): above them all."""

    name = "apps.storefront"
    verbose_name = _("Storefront pages")
