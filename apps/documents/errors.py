from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class DocumentNotAvailable(ApplicationError):
    """The order is not (or no longer) in a state the document is made for."""

    code = "document_not_available"
    default_message = _("This document is not available for the order in its current status.")
