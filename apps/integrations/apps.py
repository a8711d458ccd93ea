from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "apps.integrations"
    verbose_name = _("Integrations")
    # What the application's database role may run (apps/core/database_roles.py).
    database_functions = ("integrations_points_once",)

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .api import authentication  # noqa: F401  (registers the OpenAPI security scheme)
        from .keys import keys_changed
        from .models import ApiKey

        post_save.connect(keys_changed, sender=ApiKey, dispatch_uid="api-keys-changed")
        post_delete.connect(keys_changed, sender=ApiKey, dispatch_uid="api-keys-changed-deleted")
