from decimal import Decimal

from apps.core.errors import ApplicationError

from ..models import Payment


class BankTransferGateway:
    """Money arrives outside the system; staff record receipts and refunds by hand."""

    method = "bank_transfer"

    def start(self, *, payment: Payment, return_url: str, cancel_url: str) -> str:
        return return_url

    def refund(self, *, payment: Payment | None, amount: Decimal, idempotency_key: str) -> str:
        # The merchant sends the money back by bank; the refund is recorded as done by staff.
        if amount <= 0:
            raise ApplicationError()
        return f"manual-{idempotency_key[:12]}"
