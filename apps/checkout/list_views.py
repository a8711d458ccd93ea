"""Saved lists in the member center: make, fill from a product page or the cart, order."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from apps.catalog.models import Product
from apps.catalog.pricing import request_pricing
from apps.core.errors import ApplicationError
from apps.members.views import current_member

from . import requisition_lists as lists
from .carts import current_cart
from .forms import CartLineForm, ListNameForm, SaveToListForm
from .models import RequisitionList


def _owned(request: HttpRequest, pk: int) -> RequisitionList:
    found = lists.owned_list(current_member(request), pk)
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def list_index(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    form = ListNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = lists.create_list(member=member, name=form.cleaned_data["name"])
        except ApplicationError as error:
            form.add_error("name", str(error.message))
        else:
            return redirect("checkout:list_detail", pk=created.pk)
    return render(
        request,
        "checkout/lists.html",
        {"lists": lists.lists_of(member), "form": form, "section": "lists"},
    )


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "checkout/list_detail.html",
        {"list": _owned(request, pk), "section": "lists"},
    )


@login_required
@require_POST
def list_update(request: HttpRequest, pk: int) -> HttpResponse:
    requisition_list = _owned(request, pk)
    form = CartLineForm(request.POST)
    if form.is_valid():
        lists.set_list_quantity(
            requisition_list=requisition_list,
            product_id=form.cleaned_data["product"],
            quantity=form.cleaned_data["quantity"],
        )
        messages.success(request, _("The list was updated."))
    else:
        messages.error(request, _("Enter a valid quantity."))
    return redirect("checkout:list_detail", pk=pk)


@login_required
@require_POST
def list_delete(request: HttpRequest, pk: int) -> HttpResponse:
    requisition_list = _owned(request, pk)
    name = requisition_list.name
    lists.delete_list(requisition_list=requisition_list)
    messages.success(request, _("The list %(name)s was deleted.") % {"name": name})
    return redirect("checkout:lists")


@login_required
@require_POST
def list_order(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole list into the cart: refused lines say why, the others are added."""
    result = lists.order_list(
        requisition_list=_owned(request, pk),
        cart=current_cart(request, create=True),
        early_access=request_pricing(request).early_access,
    )
    if result.added:
        count = len(result.added)
        messages.success(
            request,
            ngettext(
                "%(count)s product was added to your cart.",
                "%(count)s products were added to your cart.",
                count,
            )
            % {"count": count},
        )
    for outcome in result.failed:
        messages.error(request, outcome.error)
    return redirect("checkout:cart")


@login_required
@require_http_methods(["GET", "POST"])
def save_to_list(request: HttpRequest) -> HttpResponse:
    """From a product page: choose one of your lists (or name a new one) for the product and
    quantity."""
    member = current_member(request)
    owned = list(lists.lists_of(member))
    data = request.POST if request.method == "POST" else None
    form = SaveToListForm(data, lists=owned, initial=request.GET.dict())
    source = request.POST if data else request.GET
    product = get_object_or_404(Product, pk=_int(source.get("product")), is_active=True)
    if data is not None and form.is_valid():
        try:
            chosen = _chosen_list(member, owned, form.cleaned_data)
            lists.add_to_list(
                requisition_list=chosen, product=product, quantity=form.cleaned_data["quantity"]
            )
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("%(product)s was saved to %(name)s.")
                % {"product": product.name, "name": chosen.name},
            )
            return redirect("checkout:list_detail", pk=chosen.pk)
    return render(
        request,
        "checkout/save_to_list.html",
        {"form": form, "product": product, "section": "lists"},
    )


def _chosen_list(member, owned: list[RequisitionList], data: dict) -> RequisitionList:
    for candidate in owned:
        if candidate.pk == data.get("requisition_list"):
            return candidate
    return lists.create_list(member=member, name=data["new_name"])


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
@require_POST
def save_cart_as_list(request: HttpRequest) -> HttpResponse:
    cart = current_cart(request)
    form = ListNameForm(request.POST)
    if cart is None or not cart.lines.exists():
        messages.error(request, _("Your cart is empty."))
        return redirect("checkout:cart")
    if not form.is_valid():
        messages.error(request, _("Name the list."))
        return redirect("checkout:cart")
    try:
        saved = lists.save_cart_as_list(
            cart=cart, member=current_member(request), name=form.cleaned_data["name"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("checkout:cart")
    messages.success(request, _("Your cart was saved as the list %(name)s.") % {"name": saved.name})
    return redirect("checkout:list_detail", pk=saved.pk)
