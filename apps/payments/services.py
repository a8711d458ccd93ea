"""Payments: starting them, and confirming them from webhooks or the buyer's return.

Confirmation is exactly-once: each provider event is stored under a unique (provider, event id)
in the same transaction as its effect, so a re-delivery finds the row and changes nothing; and
``orders.services.mark_paid`` itself only acts on an order still waiting for payment. A second
payment the provider took for an order that no longer waited for it is flagged "paid twice"
and refunded (``refund_duplicate_payment``). Refunds and disputes made at the provider are
applied by ``provider_refunds``.
"""

import logging
from collections.abc import Callable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from djmoney.money import Money

from apps.core import events
from apps.core.errors import ApplicationError
from apps.orders.errors import NotAwaitingPayment, PaymentMismatch, ReceiptExceedsOutstanding
from apps.orders.lock_objects import lock_order
from apps.orders.models import Order, PaymentMethod, Refund
from apps.orders.receipts import record_bank_transfer
from apps.orders.services import mark_paid

from .errors import PaymentNotDuplicate, ProviderError
from .events import PaymentDuplicated
from .extensions import stripe_event
from .gateways import gateway_for
from .gateways.paypal import PayPalGateway
from .gateways.stripe import from_minor_units
from .models import Payment, PaymentStatus, WebhookEvent
from .payloads import ProviderObject
from .provider_refunds import (
    PAYPAL_EVENTS,
    STRIPE_EVENTS,
    apply_waiting_refunds,
    lock_provider_payment,
    receive_paypal_event,
    receive_stripe_event,
)

logger = logging.getLogger(__name__)


def start_payment(*, order: Order, return_url: str, cancel_url: str, provider: str = "") -> str:
    """Open a payment with the order's provider (or ``provider``, for an order on terms: see
    ``Order.pay_now_methods``) for the amount due now; returns where to send the buyer.

    Raises ``ProviderError`` when the provider refuses or may not take this order's money; the
    order stays pending payment.
    """
    provider = provider or order.payment_method
    if provider not in order.pay_now_methods():
        raise ProviderError()
    payment = Payment.objects.create(
        order=order,
        provider=provider,
        amount=order.amount_due_now.amount,
        currency=order.currency,
    )
    try:
        return gateway_for(provider).start(
            payment=payment, return_url=return_url, cancel_url=cancel_url
        )
    except ProviderError:
        _set_status(payment, PaymentStatus.FAILED)
        raise
    except Exception as error:  # network errors, SDK errors: the buyer may try again
        logger.exception("Starting payment %s failed", payment.pk)
        _set_status(payment, PaymentStatus.FAILED)
        raise ProviderError() from error


def _set_status(payment: Payment, status: str, provider_payment_id: str = "") -> None:
    payment.status = status
    fields = ["status", "updated_at"]
    if provider_payment_id:
        payment.provider_payment_id = provider_payment_id
        fields.append("provider_payment_id")
    payment.save(update_fields=fields)


@transaction.atomic
def settle(*, payment: Payment, paid: Money, provider_payment_id: str, source: str) -> bool:
    """The provider says ``paid`` settled ``payment``; mark the order paid if it matches.

    Returns True when this call marked the order paid. A mismatching amount or currency marks
    the payment failed and leaves the order pending (``PaymentMismatch`` is logged, not raised).
    Money taken for an order that no longer waits for it (paid by another payment, cancelled)
    flags the payment "paid twice" and publishes ``payment.duplicated`` (its refund). Refunds
    and disputes of this payment that arrived before it are applied now.
    """
    # Fixed lock order: the provider payment, the order, then the payment.
    lock_provider_payment(provider=payment.provider, provider_payment_id=provider_payment_id)
    lock_order(payment.order_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE):
        return False
    if payment.provider != payment.order.payment_method:
        marked = _settle_part(payment, paid, provider_payment_id, source)
        apply_waiting_refunds(payment=payment)
        return marked
    try:
        marked = mark_paid(
            order=payment.order, amount=paid, actor_label=source, note=provider_payment_id
        )
    except PaymentMismatch:
        _set_status(payment, PaymentStatus.FAILED, provider_payment_id)
        return False
    if marked:
        _set_status(payment, PaymentStatus.SUCCEEDED, provider_payment_id)
    else:
        logger.warning("Payment %s taken for order %s twice", payment.pk, payment.order_id)
        _set_status(payment, PaymentStatus.DUPLICATE, provider_payment_id)
        events.publish(PaymentDuplicated(payment_id=payment.pk))
    apply_waiting_refunds(payment=payment)
    return marked


def _settle_part(payment: Payment, paid: Money, provider_payment_id: str, source: str) -> bool:
    """A card or PayPal payment towards an order on terms: recorded as a receipt (the order is
    paid, and ``order.paid`` published, when the receipts reach its total). Money the order no
    longer waits for is flagged "paid twice" and refunded."""
    if paid != payment.money:
        _set_status(payment, PaymentStatus.FAILED, provider_payment_id)
        return False
    try:
        marked = record_bank_transfer(
            order=payment.order,
            amount=paid,
            received_by_label=source,
            reference=provider_payment_id,
            idempotency_key=f"payment-{payment.pk}",
            method=payment.provider,
        )
    except (NotAwaitingPayment, ReceiptExceedsOutstanding):
        logger.warning("Payment %s taken for order %s twice", payment.pk, payment.order_id)
        _set_status(payment, PaymentStatus.DUPLICATE, provider_payment_id)
        events.publish(PaymentDuplicated(payment_id=payment.pk))
        return False
    except ApplicationError:
        _set_status(payment, PaymentStatus.FAILED, provider_payment_id)
        return False
    _set_status(payment, PaymentStatus.SUCCEEDED, provider_payment_id)
    return marked


def refund_duplicate_payment(*, payment_id: int) -> Payment:
    """Give a payment flagged "paid twice" back in full through its provider, once.

    The provider sees one idempotency key per payment, so a retry after an unknown outcome
    refunds once; the provider's refund id is recorded on the payment (a payment that has one
    is left alone). Raises ``orders.errors.RefundFailed`` (nothing recorded) when the provider
    refuses, and ``PaymentNotDuplicate`` for any other payment.
    """
    payment = Payment.objects.select_related("order").get(pk=payment_id)
    if payment.status != PaymentStatus.DUPLICATE:
        raise PaymentNotDuplicate()
    if payment.refund_reference:
        return payment
    reference = gateway_for(payment.provider).refund(
        payment=payment,
        amount=payment.amount,
        idempotency_key=f"duplicate-{payment.idempotency_key}",
    )
    with transaction.atomic():
        lock_order(payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if not payment.refund_reference:
            payment.refund_reference = reference[:120]
            payment.refunded_at = timezone.now()
            payment.save(update_fields=["refund_reference", "refunded_at", "updated_at"])
    return payment


@transaction.atomic
def record_webhook_event(
    *,
    provider: str,
    event_id: str,
    event_type: str,
    payload: ProviderObject,
    handler: Callable[[ProviderObject], str],
) -> str:
    """Store the event once and run ``handler(payload) -> outcome`` in the same transaction.

    A duplicate delivery returns "duplicate" without running the handler.
    """
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                provider=provider, event_id=event_id, event_type=event_type, payload=payload
            )
    except IntegrityError:
        return "duplicate"
    event.outcome = handler(payload)[:200]
    event.save(update_fields=["outcome"])
    return event.outcome


def handle_stripe_event(event: ProviderObject) -> str:
    for hook in stripe_event.hooks():  # subscriptions and their invoices (memberships)
        if (outcome := hook(event)) is not None:
            return outcome
    data = event["data"]["object"]
    kind = event["type"]
    if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        if data.get("payment_status") != "paid":
            return "awaiting asynchronous payment"
        payment = Payment.objects.filter(provider="stripe", reference=data["id"]).first()
        if payment is None:
            return "unknown session"
        currency = data["currency"].upper()
        paid = Money(from_minor_units(data["amount_total"], currency), currency)
        marked = settle(
            payment=payment,
            paid=paid,
            provider_payment_id=data["payment_intent"] or "",
            source="Stripe",
        )
        return _settle_outcome(marked, payment)
    if kind in ("checkout.session.expired", "checkout.session.async_payment_failed"):
        payment = Payment.objects.filter(provider="stripe", reference=data["id"]).first()
        if payment is not None and payment.status == PaymentStatus.STARTED:
            _set_status(payment, PaymentStatus.FAILED)
        return "payment failed"
    if kind in STRIPE_EVENTS:
        return receive_stripe_event(kind, data)
    return "ignored"


def handle_paypal_event(event: ProviderObject) -> str:
    kind = event.get("event_type", "")
    resource = event.get("resource") or {}
    if kind in PAYPAL_EVENTS:
        return receive_paypal_event(kind, resource)
    if kind != "PAYMENT.SALE.COMPLETED":
        return "ignored"
    payment = Payment.objects.filter(
        provider="paypal", reference=resource.get("parent_payment", "")
    ).first()
    if payment is None:
        return "unknown payment"
    amount = resource.get("amount") or {}
    paid = Money(Decimal(amount.get("total", "0")), amount.get("currency", ""))
    marked = settle(
        payment=payment, paid=paid, provider_payment_id=resource.get("id", ""), source="PayPal"
    )
    return _settle_outcome(marked, payment)


def _settle_outcome(marked: bool, payment: Payment) -> str:
    if marked:
        return "order paid"
    payment.refresh_from_db(fields=["status"])
    if (
        payment.status == PaymentStatus.SUCCEEDED
        and payment.provider != payment.order.payment_method
    ):
        # A part of an order on terms (``_settle_part``)
        return "part paid"
    return "paid twice" if payment.status == PaymentStatus.DUPLICATE else "no change"


@transaction.atomic
def complete_paypal_return(*, payment: Payment, payer_id: str) -> bool:
    """The buyer approved on PayPal and came back: execute the payment and settle it.

    Returns True when the order is (now or already) paid, also when this payment came second
    (flagged "paid twice" and refunded, see ``settle``). Raises ``ProviderError`` when PayPal
    refuses to execute (for example an approval that was never given).
    """
    lock_order(payment.order_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE):
        return True
    sale = PayPalGateway().execute(payment=payment, payer_id=payer_id)
    if sale["state"] != "completed":
        return False
    paid = Money(Decimal(sale["amount"]["total"]), sale["amount"]["currency"])
    settle(payment=payment, paid=paid, provider_payment_id=sale["id"], source="PayPal")
    payment.refresh_from_db()
    return payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE)


def refund_payment(*, refund: Refund) -> str:
    """Send ``refund`` to the provider that took the money; returns the provider's refund id.

    Bank-transfer orders are refunded by the merchant's bank; the refund is recorded as manual.
    Raises ``orders.errors.RefundFailed`` when the provider refuses.
    """
    order = refund.order
    payment = Payment.objects.filter(order=order, status=PaymentStatus.SUCCEEDED).first()
    method = payment.provider if payment else PaymentMethod.BANK_TRANSFER
    return gateway_for(method).refund(
        payment=payment, amount=refund.amount, idempotency_key=refund.idempotency_key
    )
