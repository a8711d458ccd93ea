from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class AlertDecided(ApplicationError):
    code = "alert_decided"
    default_message = _("This alert was decided already.")
