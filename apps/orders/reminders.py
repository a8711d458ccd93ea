"""Payment reminders for orders on net terms (#21, docs/credit.md): one e-mail some days
before the due date, one after it, each at most once per order (``OrderEmail``'s unique key),
in the buyer's language. Run daily by Celery beat (``orders.send_payment_reminders``)."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from .emails import PAYMENT_DUE, PAYMENT_OVERDUE, send_order_email
from .models import CLOSED_UNPAID, Order, OrderEmail

logger = logging.getLogger(__name__)


def _not_sent(orders: QuerySet[Order], kind: str) -> QuerySet[Order]:
    sent = OrderEmail.objects.filter(order=OuterRef("pk"), kind=kind)
    return orders.exclude(Exists(sent))


def reminders_due(*, today: date) -> list[tuple[int, str]]:
    """(order id, kind) of each reminder to send today."""
    # Not paid in full, shipped or not (an order on net terms ships first).
    unpaid = Order.objects.filter(paid_at__isnull=True, due_date__isnull=False).exclude(
        status__in=CLOSED_UNPAID
    )
    before = timedelta(days=settings.PAYMENT_REMINDER_DAYS_BEFORE)
    after = timedelta(days=settings.PAYMENT_OVERDUE_REMINDER_DAYS_AFTER)
    soon = _not_sent(unpaid.filter(due_date__gte=today, due_date__lte=today + before), PAYMENT_DUE)
    late = _not_sent(unpaid.filter(due_date__lte=today - after), PAYMENT_OVERDUE)
    return [
        *((pk, PAYMENT_DUE) for pk in soon.values_list("pk", flat=True)),
        *((pk, PAYMENT_OVERDUE) for pk in late.values_list("pk", flat=True)),
    ]


def send_payment_reminders(*, today: date) -> int:
    """Send today's reminders; returns how many went out. A reminder that fails is logged and
    tried again on the next run (the others still go)."""
    sent = 0
    for order_id, kind in reminders_due(today=today):
        try:
            sent += send_order_email(order_id=order_id, kind=kind)
        except Exception:
            logger.exception("Payment reminder %s for order %s failed", kind, order_id)
    return sent
