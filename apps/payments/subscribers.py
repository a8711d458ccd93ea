"""What payments do when their own events happen: give a duplicate payment back.

The refund runs in the event's delivery: the provider sees the same idempotency key however
often it is handed over, so the buyer is refunded once.
"""

import logging

from django.conf import settings

from apps.core.events import subscriber
from apps.orders.errors import RefundFailed

from .events import PaymentDuplicated
from .services import refund_duplicate_payment

logger = logging.getLogger(__name__)


@subscriber(PaymentDuplicated)
def refund_duplicate(event: PaymentDuplicated) -> None:
    if not settings.PAYMENTS_REFUND_DUPLICATES:
        return
    try:
        refund_duplicate_payment(payment_id=event.payment_id)
    except RefundFailed:  # refused for good: staff see the flag and refund it from the admin
        logger.exception("Refunding duplicate payment %s was refused", event.payment_id)
