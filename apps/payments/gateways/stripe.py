"""Stripe Checkout Sessions in the order's currency, confirmed by signed webhooks."""

from decimal import Decimal

import stripe
from django.conf import settings

from apps.currencies.selectors import minor_unit_exponent

from ...orders.errors import RefundFailed
from ..errors import ProviderError
from ..models import Payment
from ..payloads import ProviderObject


def client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=2,
    )


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Stripe amounts are integers in the currency's minor unit (JPY has none)."""
    return int((Decimal(amount) * (10 ** minor_unit_exponent(currency))).to_integral_value())


class StripeGateway:
    method = "stripe"

    def start(self, *, payment: Payment, return_url: str, cancel_url: str) -> str:
        order = payment.order
        # One line for the whole order keeps Stripe's total equal to ours to the minor unit,
        # discounts and freight included.
        session = client().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "line_items": [
                    {
                        "price_data": {
                            "currency": order.currency.lower(),
                            "unit_amount": to_minor_units(payment.amount, order.currency),
                            "product_data": {"name": f"Order {order.number}"},
                        },
                        "quantity": 1,
                    }
                ],
                "client_reference_id": str(payment.pk),
                "metadata": {"order_number": order.number, "payment_id": str(payment.pk)},
                "customer_email": order.email,
                "locale": _stripe_locale(order.language),
                "success_url": return_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": str(payment.idempotency_key)},
        )
        payment.reference = session.id
        payment.save(update_fields=["reference", "updated_at"])
        if session.url is None:  # Stripe gives a hosted checkout session its page
            raise ProviderError()
        return session.url

    def refund(self, *, payment: Payment | None, amount: Decimal, idempotency_key: str) -> str:
        if payment is None:  # only a settled card payment is refunded through Stripe
            raise RefundFailed()
        try:
            refund = client().v1.refunds.create(
                params={
                    "payment_intent": payment.provider_payment_id,
                    "amount": to_minor_units(amount, payment.currency),
                    # The key tells this refund's ``charge.refunded`` event apart from refunds
                    # made in Stripe's dashboard (``provider_refunds``).
                    "metadata": {
                        "order_number": payment.order.number,
                        "refund_key": idempotency_key,
                    },
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as error:
            raise RefundFailed(detail=str(error)) from error
        if refund.status not in ("succeeded", "pending"):
            raise RefundFailed(detail=refund.status)
        return refund.id


def refunds_of_charge(charge_id: str) -> list[ProviderObject]:
    """Every refund of a charge (``charge.refunded`` events do not carry them)."""
    listed = client().v1.refunds.list(params={"charge": charge_id, "limit": 100})
    return [refund.to_dict() for refund in listed.auto_paging_iter()]


def _stripe_locale(language: str) -> str:
    return {"zh-hans": "zh", "pt": "pt"}.get(language, language)


def from_minor_units(amount: int, currency: str) -> Decimal:
    return Decimal(amount).scaleb(-minor_unit_exponent(currency))
