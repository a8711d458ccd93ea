from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class ExternalIdTaken(ApplicationError):
    code = "external_id_taken"
    default_message = _("Another member already has this external id.")
