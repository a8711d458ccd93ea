from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class ProviderError(ApplicationError):
    code = "payment_provider_error"
    default_message = _("The payment provider is not answering as expected. Please try again.")


class InvalidWebhook(ApplicationError):
    code = "invalid_webhook"
    default_message = _("The webhook could not be verified.")


class PaymentNotDuplicate(ApplicationError):
    code = "payment_not_duplicate"
    default_message = _("Only a payment flagged as paid twice is refunded this way.")
