from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "apps.members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from .data_export import discover_sections

        discover_sections()
