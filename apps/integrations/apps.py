from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "apps.integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from .api import authentication  # noqa: F401  (registers the OpenAPI security scheme)
        from .webhooks import subscribers  # noqa: F401  (registers event subscribers)
