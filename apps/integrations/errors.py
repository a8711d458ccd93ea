from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class UnknownScope(ApplicationError):
    code = "unknown_scope"
    default_message = _("Unknown scope: %(scope)s.")


class IdempotencyKeyReused(ApplicationError):
    code = "idempotency_conflict"
    default_message = _(
        "This Idempotency-Key was already used for a different request; use a new key."
    )


class WebhookUrlRefused(ApplicationError):
    code = "webhook_url_refused"
    default_message = _("Webhooks can only be sent to public http(s) addresses.")
