"""Bank transfer receipts: money that arrives by bank, recorded by staff, often in parts.

Export buyers pay deposits and balances, and the banks between them take fees, so a transfer
rarely matches the total to the cent. Each receipt is recorded (who, when, amount, reference)
and added to the order's ``received_amount``; the order becomes paid through ``mark_paid`` when
the money received reaches the total less the merchant's bank fee tolerance
(``BankTransferSettings``). A receipt that would take more than is outstanding is refused:
nothing is ever over-collected silently. Points are earned only then (``order.paid``).
"""

from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.currencies.selectors import minor_unit_exponent, round_to_minor_unit

from .errors import (
    NotAwaitingPayment,
    NotPaidByBankTransfer,
    PaymentMismatch,
    ReceiptExceedsOutstanding,
)
from .lock_objects import lock_order
from .models import BankTransferReceipt, BankTransferSettings, Order, PaymentMethod
from .services import mark_paid

if TYPE_CHECKING:
    from apps.accounts.models import User


def fee_tolerance(order: Order) -> Decimal:
    """How much short of the total a transfer may arrive and still pay ``order`` (its currency).

    The percentage of the total, capped by the maximum (base currency, converted at the
    order's rate); either alone applies as it is; neither set: nothing.
    """
    settings = BankTransferSettings.current()
    limits = []
    if settings.fee_tolerance_percent is not None:
        limits.append(order.total_amount * settings.fee_tolerance_percent / 100)
    if settings.fee_tolerance_maximum is not None:
        limits.append(settings.fee_tolerance_maximum * order.exchange_rate)
    if not limits:
        return Decimal(0)
    # Rounded down to the minor unit: never a cent more than the merchant allows.
    step = Decimal(1).scaleb(-minor_unit_exponent(order.currency))
    return min(limits).quantize(step, rounding=ROUND_DOWN)


@transaction.atomic
def record_bank_transfer(
    *,
    order: Order,
    amount: Money,
    received_by: "User | None" = None,
    received_by_label: str = "",
    reference: str = "",
    idempotency_key: str = "",
    method: str = PaymentMethod.BANK_TRANSFER,
) -> bool:
    """Record ``amount`` received by bank for ``order``; True if this receipt paid the order.

    ``method``: how it came; an order on terms may also be paid in part by card or PayPal
    (``payments.services.settle`` records those payments here, fee tolerance included).

    The same ``idempotency_key`` (a form token) records one receipt; a repeat returns False and
    changes nothing. Raises (nothing is written) ``NotPaidByBankTransfer``,
    ``NotAwaitingPayment`` (paid, cancelled, refunded), ``PaymentMismatch`` (another currency,
    nothing) or ``ReceiptExceedsOutstanding``.
    """
    locked = lock_order(order.pk)
    if idempotency_key and locked.receipts.filter(idempotency_key=idempotency_key).exists():
        return False
    if locked.payment_method != PaymentMethod.BANK_TRANSFER:
        raise NotPaidByBankTransfer()
    if not locked.awaiting_payment:
        raise NotAwaitingPayment()
    if str(amount.currency) != locked.currency or amount.amount <= 0:
        raise PaymentMismatch()
    received = round_to_minor_unit(amount.amount, locked.currency)
    outstanding = locked.total_amount - locked.received_amount
    if received > outstanding:
        raise ReceiptExceedsOutstanding(
            ReceiptExceedsOutstanding.default_message
            % {"amount": locked.money(received), "outstanding": locked.money(outstanding)},
            outstanding=str(outstanding),
        )
    label = received_by_label or (str(received_by) if received_by is not None else "")
    BankTransferReceipt.objects.create(
        order=locked,
        method=method,
        amount=received,
        reference=reference,
        recorded_by=received_by if getattr(received_by, "pk", None) else None,
        recorded_by_label=label[:100],
        idempotency_key=idempotency_key[:100],
    )
    locked.received_amount += received
    locked.save(update_fields=["received_amount", "updated_at"])
    tolerance = fee_tolerance(locked)
    if locked.received_amount < locked.total_amount - tolerance:
        return False
    return mark_paid(
        order=locked,
        amount=locked.received,
        actor=received_by,
        actor_label=label,
        note=_paid_note(locked, reference, method),
        shortfall_allowed=tolerance,
    )


def _paid_note(order: Order, reference: str, method: str) -> str:
    received = (
        _("Bank transfer received")
        if method == PaymentMethod.BANK_TRANSFER
        else _("Payment received")
    )
    note = str(received) + (f" ({reference})" if reference else "")
    shortfall = order.total_amount - order.received_amount
    if shortfall > 0:
        note += "; " + _("%(amount)s short, accepted as bank fees") % {
            "amount": order.money(shortfall)
        }
    return note
