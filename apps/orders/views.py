"""The buyer's order pages. An order is reached through its secret link (sent by email)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Order, OrderStatus
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
            "awaiting_payment": order.status == OrderStatus.PENDING_PAYMENT,
            "bank_details": settings.BANK_TRANSFER_DETAILS,
        },
    )
