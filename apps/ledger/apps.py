from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "apps.ledger"
    verbose_name = _("Points ledger")

    def ready(self) -> None:
        from . import subscribers  # noqa: F401  (registers event subscribers)
