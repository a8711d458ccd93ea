from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from apps.core import masking


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: shopper, merchant staff or both. The email address is the login."""

    # django-stubs type AbstractUser.username as a column; a custom user may drop it (None).
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Ours creates users by e-mail; django-stubs expect their own UserManager here.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    # Shown masked to staff who may not see personal data in full (apps.core.masking).
    PERSONAL_DATA = {"email": "email", "first_name": "address", "last_name": "address"}

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("view_personal_data", _("Can see members' contact details in full")),
            ("export_data", _("Can export lists as CSV")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_(
                    "A user with this email address already exists (capitals do not count)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return masking.email(self.email)


class TwoFactorInvitation(models.Model):
    """A link with which a staff member sets up two-factor authentication (TOTP).

    Staff cannot enrol on their own with just their password (whoever knew it first would own the
    second factor); a link sent to their email or made by a superuser lets them, once, until it
    expires. The link carries a signed token: this row's id and a random part kept only as a
    hash. ``two_factor.py`` creates, checks and uses them.
    """

    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="two_factor_invitations",
        verbose_name=_("staff member"),
    )
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        help_text=_("Empty unless a superuser sent the link from the admin."),
    )

    class Meta:
        verbose_name = _("two-factor invitation")
        verbose_name_plural = _("two-factor invitations")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return str(self.user)
