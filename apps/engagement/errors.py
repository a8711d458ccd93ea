"""What the engagement services refuse (``ApplicationError``: a stable code, a translated
message; the API answers 409 for a conflict with the state, 400 for invalid input)."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class NotPurchased(ApplicationError):
    code = "not_purchased"
    default_message = _("Only members who bought this product and paid for it can review it.")


class AlreadyReviewed(ApplicationError):
    code = "already_reviewed"
    default_message = _("You have reviewed this product already.")


class InvalidReview(ApplicationError):
    code = "invalid_review"


class InvalidPhoto(ApplicationError):
    code = "invalid_photo"


class NotModeratable(ApplicationError):
    code = "not_moderatable"
    default_message = _("This review cannot be moved to that state.")


class InvalidEventProperties(ApplicationError):
    code = "invalid_event"
