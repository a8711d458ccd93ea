"""Cart and checkout pages. Thin: forms in, services do the work, errors become messages."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from djmoney.money import Money

from apps.accounts.services import create_account_at_checkout
from apps.catalog.models import Product
from apps.catalog.pricing import request_pricing
from apps.core.errors import ApplicationError
from apps.members.selectors import member_of
from apps.orders.models import PaymentMethod
from apps.payments.views import redirect_to_provider

from . import services
from .carts import current_cart
from .forms import AddToCartForm, CartLineForm, CheckoutForm
from .selectors import cart_summary


def cart_detail(request: HttpRequest) -> HttpResponse:
    summary = cart_summary(current_cart(request), request_pricing(request))
    return render(request, "checkout/cart.html", {"summary": summary})


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid quantity."))
        return redirect("checkout:cart")
    product = get_object_or_404(Product, pk=form.cleaned_data["product"], is_active=True)
    try:
        services.add_to_cart(
            cart=current_cart(request, create=True),
            product=product,
            quantity=form.cleaned_data["quantity"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(product.get_absolute_url())
    messages.success(request, _("%(product)s was added to your cart.") % {"product": product.name})
    return redirect("checkout:cart")


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    form = CartLineForm(request.POST)
    cart = current_cart(request)
    if cart is None or not form.is_valid():
        messages.error(request, _("Enter a valid quantity."))
        return redirect("checkout:cart")
    try:
        services.set_line_quantity(
            cart=cart,
            product_id=form.cleaned_data["product"],
            quantity=form.cleaned_data["quantity"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your cart was updated."))
    return redirect("checkout:cart")


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    cart = current_cart(request)
    context = request_pricing(request)
    summary = cart_summary(cart, context)
    if summary.is_empty:
        messages.info(request, _("Your cart is empty."))
        return redirect("checkout:cart")
    member = member_of(request.user)
    form = CheckoutForm(request.POST or None, member=member, initial=_initial(request, member))
    if request.method == "POST" and form.is_valid():
        try:
            order = _place(request, form, cart, context, member)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if form.cleaned_data.get("join"):
                messages.success(
                    request,
                    _(
                        "Welcome to the programme! Confirm your email address to sign in; this "
                        "order will earn you points."
                    ),
                )
            if order.payment_method == PaymentMethod.BANK_TRANSFER:
                return redirect("orders:detail", token=order.access_token)
            return redirect_to_provider(request, order)
    return render(
        request,
        "checkout/checkout.html",
        {"form": form, "summary": summary, "redemption": _redemption(member, summary, context)},
    )


def _redemption(member, summary, context) -> dict | None:
    """What the member can redeem on this cart, for the hint beside the points field."""
    if member is None or not context.can_price:
        return None
    from apps.ledger.models import Programme
    from apps.ledger.redemption import maximum_points, redemption_value
    from apps.ledger.selectors import balance

    available = balance(member).available
    minimum = Programme.current().minimum_redemption
    maximum = min(available, maximum_points(summary, member, context))
    if maximum < minimum:
        return {"available": available, "usable": False}
    return {
        "available": available,
        "usable": True,
        "minimum": minimum,
        "maximum": maximum,
        "value": Money(redemption_value(maximum, member, context), context.currency),
    }


def _initial(request, member) -> dict:
    if member is None:
        return {}
    return {
        "ship_to_company": member.company_name,
        "ship_to_country": member.country,
        "ship_to_phone": member.phone,
        "ship_to_name": member.user.get_full_name(),
        "vat_id": member.vat_id,
    }


@transaction.atomic
def _place(request, form, cart, context, member):
    data = form.cleaned_data
    email = member.user.email if member else data["email"]
    if member is None and data.get("join"):
        member = create_account_at_checkout(
            request=request,
            email=email,
            password=data["password"],
            language=get_language(),
            currency=context.currency,
            company_name=data["ship_to_company"],
            country=data["ship_to_country"],
            phone=data["ship_to_phone"],
            vat_id=data["vat_id"],
        )
    return services.place_order(
        cart=cart,
        context=context,
        member=member,
        email=email,
        language=get_language(),
        payment_method=data["payment_method"],
        incoterm=data["incoterm"],
        address=form.address(),
        shipping_method=data["shipping_method"],
        coupon_code=data["coupon_code"],
        points=data.get("points") or 0,
        vat_id=data["vat_id"],
        po_number=data["po_number"],
        notes=data["notes"],
    )
