from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from .receivers import release_held_on_email_confirmed

        email_confirmed.connect(release_held_on_email_confirmed, dispatch_uid="notifications_held")
