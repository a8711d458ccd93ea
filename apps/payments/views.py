"""Buyer-facing payment steps: go to the provider, come back from it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.errors import ApplicationError
from apps.orders.models import Order, PaymentMethod

from .models import Payment
from .services import complete_paypal_return, start_payment


def redirect_to_provider(request: HttpRequest, order: Order, provider: str = "") -> HttpResponse:
    """Start a payment for ``order`` and send the buyer to the provider (or back on failure);
    ``provider``: card or PayPal for an order on terms (``Order.pay_now_methods``)."""
    order_url = reverse("orders:detail", kwargs={"token": order.access_token})
    if (provider or order.payment_method) == PaymentMethod.PAYPAL:
        return_url = reverse("payments:paypal_return", kwargs={"token": order.access_token})
    else:
        return_url = f"{order_url}?payment=returned"
    try:
        provider_url = start_payment(
            order=order,
            return_url=request.build_absolute_uri(return_url),
            cancel_url=request.build_absolute_uri(f"{order_url}?payment=cancelled"),
            provider=provider,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(order_url)
    return redirect(provider_url)


@require_POST
def start(request: HttpRequest, token: str) -> HttpResponse:
    order = get_object_or_404(Order, access_token=token)
    return redirect_to_provider(request, order, provider=request.POST.get("provider", ""))


@require_GET
def paypal_return(request: HttpRequest, token: str) -> HttpResponse:
    order = get_object_or_404(Order, access_token=token)
    payment = Payment.objects.filter(
        order=order, provider=PaymentMethod.PAYPAL, reference=request.GET.get("paymentId", "")
    ).first()
    order_url = reverse("orders:detail", kwargs={"token": token})
    if payment is None:
        messages.error(request, _("We could not find this PayPal payment."))
        return redirect(order_url)
    try:
        paid = complete_paypal_return(payment=payment, payer_id=request.GET.get("PayerID", ""))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(order_url)
    if not paid:
        messages.error(request, _("PayPal did not complete the payment."))
    return redirect(f"{order_url}?payment=returned")
