"""What payments plug into the apps below (``apps.core.extensions``), loaded at start-up."""

from apps.orders.extensions import payment_refund

from .services import refund_payment

payment_refund.register(refund_payment)
