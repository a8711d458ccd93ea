from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class EmailTaken(ApplicationError):
    code = "email_taken"
    default_message = _("An account with this email address already exists.")
