"""What payments announce (published by ``services`` in their transactions)."""

from apps.core.events import Event, declare


@declare("payment.duplicated")
class PaymentDuplicated(Event):
    """A provider took a payment for an order that no longer waited for it (paid already by
    another payment, or cancelled). The payment is flagged; it is refunded in full unless
    ``PAYMENTS_REFUND_DUPLICATES`` is off."""

    payment_id: int
