"""The buyer's order pages. An order is reached through its secret link (sent by email)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .extensions import document_links
from .models import Order, PaymentMethod
from .totals import order_total_rows


def order_detail(request: HttpRequest, token: str) -> HttpResponse:
    order = get_object_or_404(
        Order.objects.select_related("shipping_method").prefetch_related(
            "lines", "discounts", "transitions", "payments"
        ),
        access_token=token,
    )
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "rows": order_total_rows(order),
            "awaiting_payment": order.awaiting_payment,
            "bank_details": settings.BANK_TRANSFER_DETAILS,
            "document_links": _buyer_document_links(request, order),
            "pay_with": _pay_with(order),
        },
    )


def _pay_with(order: Order) -> list[tuple[str, str]]:
    """Card and PayPal for what an order on terms has due now (its deposit, or the rest)."""
    if order.payment_method != PaymentMethod.BANK_TRANSFER:
        return []
    return [(method, str(PaymentMethod(method).label)) for method in order.pay_now_methods()]


def _buyer_document_links(request: HttpRequest, order: Order) -> list[object]:
    """The order's documents, for its member signed in (the secret link alone shows none: the
    documents carry the buyer's details and are served from the member center)."""
    member = getattr(request.user, "member", None) if request.user.is_authenticated else None
    if member is None or order.member_id != member.pk:
        return []
    return [link for hook in document_links.hooks() for link in hook(order=order, for_staff=False)]
