"""What notifications plug into the apps below (``apps.core.extensions``), loaded at start-up."""

from apps.orders.extensions import order_email_sent

from . import data_export  # noqa: F401  (registers its export section)
from .services import record_order_email

order_email_sent.register(record_order_email)
