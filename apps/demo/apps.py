from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data and ``seed_demo``: above every app, whose data it writes."""

    name = "apps.demo"
    verbose_name = _("Demo data")
