"""Money the provider gave back on its own side: refunds made in its dashboard, disputes
(chargebacks), reversals. Each is applied to its order as a refund exactly once, in whatever
order the provider's events arrive.

- Once: a ``ProviderRefund`` row per (provider, provider reference) holds what became of it;
  the order's ``Refund`` it produced carries ``<provider>:<reference>`` as its unique key.
- Any order: everything about one provider payment (its settlement, its refunds and disputes)
  is serialized by a transaction-level advisory lock on that payment's id, taken first. A
  refund whose payment is not settled yet is kept ``waiting``; ``settle`` applies it.
- Our own refunds (staff refunds, the refund of a duplicate payment) come back as events too:
  they carry our refund's key (Stripe metadata, PayPal invoice number) and are recognised.

Lock order: the provider payment (advisory), then the order, then the payment, then these rows.
"""

from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from djmoney.money import Money

from apps.orders.lock_objects import lock_order
from apps.orders.models import Refund
from apps.orders.refunds import record_provider_refund

from .gateways.stripe import from_minor_units, refunds_of_charge
from .models import (
    DisputeOutcome,
    Payment,
    PaymentStatus,
    ProviderRefund,
    ProviderRefundKind,
    ProviderRefundStatus,
)
from .payloads import ProviderObject

PROVIDER_NAMES = {"stripe": "Stripe", "paypal": "PayPal"}  # brands: never translated
REASONS: dict[str, str] = {
    ProviderRefundKind.REFUND: gettext_noop("Refunded at %(provider)s (%(reference)s)"),
    ProviderRefundKind.DISPUTE: gettext_noop("Dispute at %(provider)s (%(reference)s)"),
    ProviderRefundKind.REVERSAL: gettext_noop("Reversed at %(provider)s (%(reference)s)"),
}


def lock_provider_payment(*, provider: str, provider_payment_id: str) -> None:
    """Serialize the work on one provider payment until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"payments:{provider}:{provider_payment_id}"],
        )


@transaction.atomic
def receive_provider_refund(
    *,
    provider: str,
    reference: str,
    kind: str,
    provider_payment_id: str,
    amount: Money,
    our_refund_key: str = "",
    dispute_outcome: str = "",
) -> ProviderRefund:
    """The provider says ``amount`` of ``provider_payment_id`` went back to the buyer.

    Stores it once (a second event for the same reference, such as a dispute's "created" and
    "closed", finds the same row) and applies it to the order as a refund if its payment is
    settled, else keeps it waiting for ``settle``. ``dispute_outcome`` ("won", "lost") is
    noted; a won dispute still counts as money that left and came back, so the refund stays.
    Returns the row; raises nothing for an unknown payment (it waits).
    """
    lock_provider_payment(provider=provider, provider_payment_id=provider_payment_id)
    ProviderRefund.objects.bulk_create(
        [
            ProviderRefund(
                provider=provider,
                reference=reference,
                kind=kind,
                provider_payment_id=provider_payment_id,
                amount=abs(amount.amount),
                currency=str(amount.currency),
            )
        ],
        ignore_conflicts=True,
    )
    payment = _settled_payment(provider=provider, provider_payment_id=provider_payment_id)
    if payment is not None:
        lock_order(payment.order_id)
    received = ProviderRefund.objects.select_for_update().get(
        provider=provider, reference=reference
    )
    if dispute_outcome and received.dispute_outcome != dispute_outcome:
        received.dispute_outcome = dispute_outcome[:20]
        received.save(update_fields=["dispute_outcome", "updated_at"])
    if received.status == ProviderRefundStatus.WAITING and _is_ours(our_refund_key, reference):
        order_id = payment.order_id if payment is not None else None
        _finish(received, ProviderRefundStatus.OURS, order_id=order_id)
    elif received.status == ProviderRefundStatus.WAITING and payment is not None:
        _apply(received, payment)
    return received


def apply_waiting_refunds(*, payment: Payment) -> int:
    """Apply the refunds that arrived before ``payment`` was settled (the caller holds the
    provider payment lock, the order and the payment). Returns how many were waiting."""
    waiting = ProviderRefund.objects.select_for_update().filter(
        provider=payment.provider,
        provider_payment_id=payment.provider_payment_id,
        status=ProviderRefundStatus.WAITING,
    )
    count = 0
    for received in waiting.order_by("pk"):
        _apply(received, payment)
        count += 1
    return count


def _settled_payment(*, provider: str, provider_payment_id: str) -> Payment | None:
    return (
        Payment.objects.filter(
            provider=provider,
            provider_payment_id=provider_payment_id,
            status__in=(PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE),
        )
        .select_related("order")
        .first()
    )


def _is_ours(key: str, reference: str) -> bool:
    """A refund this shop sent: its key is one of our refunds' (pending ones included: the
    provider's event may come before the provider's answer), or its id one we recorded."""
    ours = Q(provider_reference=reference)
    if key:
        ours |= Q(idempotency_key=key)
    return (
        Refund.objects.filter(ours).exists()
        or Payment.objects.filter(refund_reference=reference).exists()
    )


def _apply(received: ProviderRefund, payment: Payment) -> None:
    if payment.status == PaymentStatus.DUPLICATE:
        # The buyer's second payment went back: not the order's money. Noted on the payment.
        if not payment.refund_reference:
            Payment.objects.filter(pk=payment.pk).update(
                refund_reference=received.reference, refunded_at=timezone.now()
            )
        _finish(received, ProviderRefundStatus.NOT_APPLIED, order_id=payment.order_id)
        return
    provider = PROVIDER_NAMES[payment.provider]
    refund = record_provider_refund(
        order=payment.order,
        amount=received.amount,
        reason=_(REASONS[received.kind]) % {"provider": provider, "reference": received.reference},
        idempotency_key=f"{received.provider}:{received.reference}",
        reference=received.reference,
    )
    received.refund = refund
    status = ProviderRefundStatus.APPLIED if refund else ProviderRefundStatus.NOT_APPLIED
    _finish(received, status, order_id=payment.order_id)


def _finish(received: ProviderRefund, status: str, *, order_id: int | None) -> None:
    received.status = status
    received.order_id = order_id or None
    received.save(update_fields=["status", "order", "refund", "updated_at"])


# What the providers' events say --------------------------------------------------------------

STRIPE_EVENTS = frozenset(
    {"charge.refunded", "charge.refund.updated", "charge.dispute.created", "charge.dispute.closed"}
)
PAYPAL_EVENTS = {
    "PAYMENT.SALE.REFUNDED": ProviderRefundKind.REFUND,
    "PAYMENT.SALE.REVERSED": ProviderRefundKind.REVERSAL,
}
DISPUTE_OUTCOMES = frozenset(DisputeOutcome.values)


def receive_stripe_event(kind: str, data: ProviderObject) -> str:
    """``charge.refunded`` (its refunds are read from Stripe: the event does not carry them),
    ``charge.refund.updated`` (a refund that was pending), ``charge.dispute.created``/``closed``;
    returns the webhook's outcome. Only refunds that succeeded count."""
    intent = data.get("payment_intent") or ""
    if not intent:
        return "no payment intent"
    if kind == "charge.refunded":
        statuses = [
            _receive_stripe_refund(refund, intent) for refund in refunds_of_charge(data["id"])
        ]
        return "refunds: " + (
            ", ".join(status for status in statuses if status) or "none succeeded"
        )
    if kind == "charge.refund.updated":  # a pending refund (some payment methods) succeeded
        return "refund: " + (_receive_stripe_refund(data, intent) or data.get("status", ""))
    outcome = data.get("status", "") if kind == "charge.dispute.closed" else ""
    received = receive_provider_refund(
        provider="stripe",
        reference=data["id"],
        kind=ProviderRefundKind.DISPUTE,
        provider_payment_id=intent,
        amount=_stripe_money(data["amount"], data["currency"]),
        dispute_outcome=outcome if outcome in DISPUTE_OUTCOMES else "",
    )
    return f"dispute: {received.status}" + (f", {outcome}" if outcome else "")


def receive_paypal_event(kind: str, resource: ProviderObject) -> str:
    """``PAYMENT.SALE.REFUNDED`` or ``PAYMENT.SALE.REVERSED``; returns the webhook's outcome."""
    amount = resource.get("amount") or {}
    try:
        total = abs(Decimal(str(amount.get("total", "0"))))
    except InvalidOperation:
        return "malformed amount"
    if not total or not resource.get("id") or not resource.get("sale_id"):
        return "no amount or sale"
    received = receive_provider_refund(
        provider="paypal",
        reference=str(resource["id"]),
        kind=PAYPAL_EVENTS[kind],
        provider_payment_id=str(resource["sale_id"]),
        amount=Money(total, str(amount.get("currency", ""))),
        our_refund_key=str(resource.get("invoice_number", "")),
    )
    return f"{received.kind}: {received.status}"


def _receive_stripe_refund(refund: ProviderObject, intent: str) -> str:
    """The status the refund got here, or "" for one that has not succeeded at Stripe."""
    if refund.get("status") != "succeeded":
        return ""
    return receive_provider_refund(
        provider="stripe",
        reference=refund["id"],
        kind=ProviderRefundKind.REFUND,
        provider_payment_id=intent,
        amount=_stripe_money(refund["amount"], refund["currency"]),
        our_refund_key=(refund.get("metadata") or {}).get("refund_key", ""),
    ).status


def _stripe_money(amount: int, currency: str) -> Money:
    return Money(from_minor_units(amount, currency.upper()), currency.upper())
