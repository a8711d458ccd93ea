from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class AlreadyInCompany(ApplicationError):
    code = "already_in_company"
    default_message = _("This member already belongs to a company.")


class InvalidMerge(ApplicationError):
    code = "invalid_merge"
    default_message = _("Choose two different companies that have not been merged.")
