"""The one base class for domain errors.

Services raise subclasses carrying a stable ``code`` (for API clients and logs) and a
translatable ``message`` (for people). The API and the pages translate them in one place.
"""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    code = "application_error"
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code: str | None = None, **details):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.details = details
        super().__init__(str(self.message))
