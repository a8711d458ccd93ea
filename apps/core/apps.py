from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Storefront")

    def ready(self) -> None:
        from . import (  # noqa: F401  (connect their Celery signals)
            database_roles,
            metrics,
            request_id,
        )

        # The one place extension hooks and event subscribers are wired: every installed app's
        # ``hooks.py`` (registering with ``apps.core.extensions.ExtensionPoint``) and
        # ``subscribers.py`` (decorated with ``apps.core.events.subscriber``).
        autodiscover_modules("hooks")
        autodiscover_modules("subscribers")
