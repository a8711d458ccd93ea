from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class EmailTaken(ApplicationError):
    code = "email_taken"
    default_message = _("An account with this email address already exists.")


class NotStaff(ApplicationError):
    code = "not_staff"
    default_message = _("Only staff accounts are invited to set up two-factor authentication.")


class TwoFactorAlreadySetUp(ApplicationError):
    code = "two_factor_already_set_up"
    default_message = _("This account already has two-factor authentication.")


class InvitationInvalid(ApplicationError):
    code = "invitation_invalid"
    default_message = _("This set-up link is not valid. Ask for a new one.")
    expired = _("This set-up link has expired. Ask for a new one.")
    used = _("This set-up link has already been used. Ask for a new one if you still need it.")
    other_account = _(
        "This set-up link belongs to another account. Sign in as the staff member it was sent to."
    )
