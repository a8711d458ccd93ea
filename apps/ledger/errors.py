from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class InsufficientPoints(ApplicationError):
    code = "insufficient_points"
    default_message = _("Not enough points: %(available)s available, %(requested)s requested.")


class IdempotencyConflict(ApplicationError):
    code = "idempotency_conflict"
    default_message = _("This idempotency key was already used for a different request.")


class InvalidPoints(ApplicationError):
    code = "invalid_points"
    default_message = _("Points must be a whole number greater than zero.")


class ApprovalRequired(ApplicationError):
    code = "approval_required"
    default_message = _("An adjustment this large needs a second staff member to approve it.")


class OwnAccount(ApplicationError):
    code = "own_account"
    default_message = _(
        "Nobody adjusts their own points account or approves an adjustment to it: ask another "
        "staff member."
    )
