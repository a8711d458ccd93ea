"""Cart and checkout pages. Thin: forms in, services do the work, errors become messages."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.services import create_account_at_checkout
from apps.catalog.errors import ProductNotReleased
from apps.catalog.models import Product
from apps.catalog.pricing import request_pricing
from apps.core.errors import ApplicationError
from apps.members.addresses import addresses_of, save_address
from apps.members.selectors import member_of
from apps.orders.models import PaymentMethod
from apps.payments.views import redirect_to_provider

from . import services
from .carts import current_cart
from .forms import AddToCartForm, CartLineForm, CheckoutForm, QuoteForm
from .quote import preview_quote, redemption_hint
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
            early_access=request_pricing(request).early_access,
        )
    except ProductNotReleased as error:  # its page is not theirs to see yet
        messages.error(request, error.message)
        return redirect("checkout:cart")
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
            early_access=request_pricing(request).early_access,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your cart was updated."))
    return redirect("checkout:cart")


# The JavaScript that refreshes the summary asks for the summary alone with this header.
SUMMARY_HEADER = "X-Checkout-Summary"


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    """The checkout page. A POST with ``update_totals`` (the "Update totals" button without
    JavaScript, or the script on every change) re-renders the summary and places nothing;
    any other POST places the order."""
    cart = current_cart(request)
    context = request_pricing(request)
    summary = cart_summary(cart, context)
    if summary.is_empty:
        messages.info(request, _("Your cart is empty."))
        return redirect("checkout:cart")
    member = member_of(request.user)
    addresses = list(addresses_of(member)) if member else []
    updating = request.method == "POST" and "update_totals" in request.POST
    if request.method == "GET" or updating:
        form = _form_with_choices(request, member, addresses)
    else:
        form = CheckoutForm(
            request.POST,
            member=member,
            addresses=addresses,
            initial=_initial(member, addresses),
        )
        if form.is_valid():
            try:
                order = _place(request, form, cart, context, member)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return _after_placing(request, form, order)
    choices = QuoteForm(request.POST or _coupon_from_link(request), member=member)
    preview = preview_quote(summary=summary, member=member, context=context, **choices.choices())
    page = {
        "form": form,
        "summary": summary,
        "preview": preview,
        "redemption": redemption_hint(member, summary, context),
    }
    if updating and request.headers.get(SUMMARY_HEADER):
        return render(request, "checkout/partials/summary.html", page)
    return render(request, "checkout/checkout.html", page)


def _coupon_from_link(request: HttpRequest) -> dict | None:
    """``/<lang>/checkout/?coupon=CODE`` (the member center's "use at checkout" link)."""
    code = request.GET.get("coupon", "").strip()[:40]
    return {"coupon_code": code} if code else None


def _form_with_choices(request: HttpRequest, member, addresses) -> CheckoutForm:
    """The form as the buyer left it (or pre-filled), without errors: only the summary is
    being refreshed, the address may still be half filled in."""
    initial = _initial(member, addresses)
    if request.method == "POST":
        initial.update(
            (key, request.POST.get(key))
            for key in request.POST
            if key not in ("csrfmiddlewaretoken", "password", "update_totals", "expected_total")
        )
    elif coupon := _coupon_from_link(request):
        initial.update(coupon)
    return CheckoutForm(member=member, addresses=addresses, initial=initial)


def _after_placing(request: HttpRequest, form: CheckoutForm, order) -> HttpResponse:
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


def _initial(member, addresses) -> dict:
    """A member's profile for a new address; their default addresses chosen when they have
    some (the address book)."""
    if member is None:
        return {}
    initial = {
        "ship_to_company": member.company_name,
        "ship_to_country": member.country,
        "ship_to_phone": member.phone,
        "ship_to_name": member.user.get_full_name(),
        "vat_id": member.vat_id,
    }
    if not addresses:
        return initial
    shipping = next((a for a in addresses if a.is_default_shipping), addresses[0])
    billing = next((a for a in addresses if a.is_default_billing), shipping)
    initial["ship_to_saved"] = str(shipping.pk)
    initial["bill_to_saved"] = "" if billing.pk == shipping.pk else str(billing.pk)
    initial["vat_id"] = billing.vat_id or member.vat_id
    return initial


@transaction.atomic
def _place(request, form, cart, context, member):
    data = form.cleaned_data
    email = member.user.email if member else data["email"]
    joined_now = member is None and data.get("join")
    if joined_now:
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
    order = services.place_order(
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
        vat_country=form.tax_id_country(),
        billing_address=form.billing_address(),
        po_number=data["po_number"],
        notes=data["notes"],
        expected_total=data.get("expected_total"),
        joined_now=bool(joined_now),
    )
    if (new_address := form.new_address_to_save()) is not None:
        save_address(member=member, fields=new_address)
    return order
