from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added
        from django.db.models.signals import post_migrate

        from .roles import sync_roles_after_migrate
        from .two_factor import two_factor_set_up

        authenticator_added.connect(two_factor_set_up, dispatch_uid="accounts-two-factor-set-up")
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts-sync-roles")
