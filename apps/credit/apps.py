from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "apps.credit"
    verbose_name = _("Payment terms and credit")
