"""Order emails in the buyer's language, each kind sent at most once per order."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import formatting

from .extensions import Attachment, email_attachments, order_email_sent
from .models import Order, OrderEmail
from .totals import order_total_rows

PLACED = "placed"
PAID = "paid"
SHIPPED = "shipped"
# Orders on net terms (docs/credit.md): a reminder before the due date, one after it.
PAYMENT_DUE = "payment_due"
PAYMENT_OVERDUE = "payment_overdue"
KINDS = (PLACED, PAID, SHIPPED, PAYMENT_DUE, PAYMENT_OVERDUE)


def _subject(kind: str, order: Order) -> str:
    if kind == PAYMENT_DUE:
        return _("Payment for order %(number)s is due on %(date)s") % {
            "number": formatting.code(order.number),
            "date": date_format(order.due_date or "", "SHORT_DATE_FORMAT"),
        }
    if kind == PAYMENT_OVERDUE:
        return _("Payment for order %(number)s is overdue") % {
            "number": formatting.code(order.number)
        }
    if kind == SHIPPED:
        return _("Your order %(number)s has shipped") % {"number": formatting.code(order.number)}
    if kind == PAID:
        return _("Payment received for order %(number)s") % {
            "number": formatting.code(order.number)
        }
    return _("We received your order %(number)s") % {"number": formatting.code(order.number)}


def send_order_email(*, order_id: int, kind: str) -> bool:
    """Send the ``kind`` email for the order unless it was sent already. True if sent now."""
    if kind not in KINDS:
        raise ValueError(kind)
    order = (
        Order.objects.select_related("shipping_method")
        .prefetch_related("lines", "discounts")
        .get(pk=order_id)
    )
    if OrderEmail.objects.filter(order=order, kind=kind).exists():
        return False
    # Documents are issued (and committed) before the sending transaction, so their numbers'
    # counter is not locked while the mail server answers; a retry finds the same documents.
    attachments = [
        attachment
        for hook in email_attachments.hooks()
        for attachment in hook(order=order, kind=kind)
    ]
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrderEmail.objects.create(order=order, kind=kind)
        except IntegrityError:
            return False
        # Sent inside the transaction: if sending fails, the record goes too and a retry sends.
        _build(order, kind, attachments).send()
        # A member's order email also lands in their inbox (notifications' hook).
        for hook in order_email_sent.hooks():
            hook(order=order, kind=kind)
    return True


def _build(order: Order, kind: str, attachments: Sequence[Attachment]) -> EmailMultiAlternatives:
    with translation.override(order.language):
        path = reverse("orders:detail", kwargs={"token": order.access_token})
        context = {
            "order": order,
            "rows": order_total_rows(order),
            "kind": kind,
            "order_url": f"{settings.SITE_URL.rstrip('/')}{path}",
            "bank_details": settings.BANK_TRANSFER_DETAILS,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
        }
        message = EmailMultiAlternatives(
            subject=_subject(kind, order),
            body=render_to_string("orders/email/order.txt", context),
            to=[order.email],
        )
        message.attach_alternative(
            render_to_string("orders/email/order.html", context), "text/html"
        )
        # Documents for the buyer (a proforma invoice, the commercial invoice and packing list).
        for attachment in attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message
