"""PayPal payments (REST v1 through ``paypalrestsdk``): approve on PayPal, execute on return."""

from decimal import Decimal

import paypalrestsdk
from django.conf import settings
from paypalrestsdk.resource import Resource

from apps.currencies.selectors import round_to_minor_unit

from ...orders.errors import RefundFailed
from ..errors import ProviderError
from ..models import Payment
from ..payloads import PayPalSale


def api() -> paypalrestsdk.Api:
    options = {
        "mode": settings.PAYPAL_MODE,
        "client_id": settings.PAYPAL_CLIENT_ID,
        "client_secret": settings.PAYPAL_CLIENT_SECRET,
    }
    if settings.PAYPAL_API_BASE:
        options["endpoint"] = settings.PAYPAL_API_BASE
    return paypalrestsdk.Api(options)


def paypal_amount(amount: Decimal, currency: str) -> str:
    return str(round_to_minor_unit(amount, currency))


class PayPalGateway:
    method = "paypal"

    def start(self, *, payment: Payment, return_url: str, cancel_url: str) -> str:
        order = payment.order
        provider_payment = paypalrestsdk.Payment(
            {
                "intent": "sale",
                "payer": {"payment_method": "paypal"},
                "transactions": [
                    {
                        "amount": {
                            "total": paypal_amount(payment.amount, order.currency),
                            "currency": order.currency,
                        },
                        "description": f"Order {order.number}",
                        "invoice_number": f"{order.number}-{payment.pk}",
                        "custom": str(payment.pk),
                    }
                ],
                "redirect_urls": {"return_url": return_url, "cancel_url": cancel_url},
            },
            api=api(),
        )
        provider_payment.request_id = str(payment.idempotency_key)  # PayPal-Request-Id
        if not provider_payment.create():
            raise ProviderError(detail=str(provider_payment.error))
        payment.reference = provider_payment.id
        payment.save(update_fields=["reference", "updated_at"])
        return str(next(link.href for link in provider_payment.links if link.rel == "approval_url"))

    def execute(self, *, payment: Payment, payer_id: str) -> PayPalSale:
        """Execute an approved payment; returns the completed sale (id, amount, state)."""
        provider_payment = paypalrestsdk.Payment.find(payment.reference, api=api())
        if not provider_payment.execute({"payer_id": payer_id}):
            raise ProviderError(detail=str(provider_payment.error))
        sale = provider_payment.transactions[0].related_resources[0].sale
        return {"id": sale.id, "state": sale.state, "amount": sale.amount.to_dict()}

    def refund(self, *, payment: Payment | None, amount: Decimal, idempotency_key: str) -> str:
        if payment is None:  # only a settled PayPal payment is refunded through PayPal
            raise RefundFailed()
        sale = paypalrestsdk.Sale.find(payment.provider_payment_id, api=api())
        body = Resource(
            {
                "amount": {
                    "total": paypal_amount(amount, payment.currency),
                    "currency": payment.currency,
                },
                # Tells this refund's PAYMENT.SALE.REFUNDED event apart from refunds made at
                # PayPal (``provider_refunds``).
                "invoice_number": idempotency_key,
            },
            api=api(),
        )
        body.request_id = idempotency_key  # PayPal-Request-Id: a retry refunds once
        refund = sale.refund(body)
        if not refund.success():
            raise RefundFailed(detail=str(refund.error))
        return str(refund.id)
