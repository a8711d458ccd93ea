from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "apps.companies"
    verbose_name = _("Companies")

    def ready(self) -> None:
        from . import merge_admin  # noqa: F401  (registers the company merges' admin)
