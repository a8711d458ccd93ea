from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    name = "apps.quotes"
    verbose_name = _("Requests for quotation")
