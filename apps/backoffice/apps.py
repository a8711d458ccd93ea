from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The staff's pages that gather many domains (the member 360, imports and exports):
    beside the storefront, above every domain they read."""

    name = "apps.backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from . import import_admin  # noqa: F401  (registers the member import's admin)
