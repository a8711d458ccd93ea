"""One interface for every way to pay.

A gateway starts a payment (returning where to send the buyer) and refunds part of a settled
payment. Confirmation arrives separately: by a verified webhook, by the buyer's return from the
provider, or (bank transfer) by staff in the admin; all of them end in
``orders.services.mark_paid``, which checks the amount and is idempotent.
"""

from decimal import Decimal
from typing import Protocol

from apps.orders.models import PaymentMethod

from ..models import Payment


class Gateway(Protocol):
    method: str

    def start(self, *, payment: Payment, return_url: str, cancel_url: str) -> str:
        """Create the payment at the provider; return the URL to send the buyer to."""

    def refund(self, *, payment: Payment | None, amount: Decimal, idempotency_key: str) -> str:
        """Refund ``amount`` (order currency) of a settled payment; return the refund's id.
        ``payment`` is None for an order without a settled payment (the merchant's bank)."""


def gateway_for(method: str) -> Gateway:
    from .bank_transfer import BankTransferGateway
    from .paypal import PayPalGateway
    from .stripe import StripeGateway

    gateways: dict[str, type[Gateway]] = {
        PaymentMethod.STRIPE: StripeGateway,
        PaymentMethod.PAYPAL: PayPalGateway,
        PaymentMethod.BANK_TRANSFER: BankTransferGateway,
    }
    return gateways[method]()
