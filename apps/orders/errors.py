from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class PaymentMismatch(ApplicationError):
    code = "payment_mismatch"
    default_message = _("The amount or currency paid does not match the order.")


class InsufficientStock(ApplicationError):
    code = "insufficient_stock"
    default_message = _("Not enough stock for %(product)s: %(available)s available.")


class InvalidRefund(ApplicationError):
    code = "invalid_refund"
    default_message = _("This refund is not possible.")


class RefundFailed(ApplicationError):
    code = "refund_failed"
    default_message = _("The payment provider refused the refund.")


class ExternalIdTaken(ApplicationError):
    code = "external_id_taken"
    default_message = _("An order with this external id already exists.")


class AmountTooLarge(ApplicationError):
    code = "amount_too_large"
    default_message = _("The order's amounts are larger than an order may hold (%(maximum)s).")


class UnknownProduct(ApplicationError):
    code = "unknown_product"
    default_message = _("No product has the SKU %(sku)s.")


class NotPaidByBankTransfer(ApplicationError):
    code = "not_bank_transfer"
    default_message = _("This order is not paid by bank transfer.")


class NotAwaitingPayment(ApplicationError):
    code = "not_awaiting_payment"
    default_message = _("This order is not waiting for payment.")


class ReceiptExceedsOutstanding(ApplicationError):
    code = "receipt_exceeds_outstanding"
    default_message = _(
        "%(amount)s is more than the %(outstanding)s still outstanding. Record at most the "
        "outstanding amount and return the difference to the buyer."
    )


class CreditLimitExceeded(ApplicationError):
    code = "credit_limit_exceeded"
    default_message = _(
        "This order of %(total)s is more than your available credit of %(available)s. Pay part "
        "of your open orders, or choose card or PayPal."
    )
