"""The address book in the member center: list, add, edit, delete, choose the defaults.

Every view finds addresses through ``addresses.address_of(member, id)``: another member's id
answers 404, as an address that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .addresses import (
    DEFAULT_FLAG,
    AddressNotFound,
    address_of,
    addresses_of,
    delete_address,
    save_address,
    set_default_address,
)
from .forms import AddressForm
from .views import current_member


def _own_address(member, pk):
    try:
        return address_of(member, pk)
    except AddressNotFound as error:
        raise Http404(error.message) from error


@login_required
def address_book(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    return render(
        request,
        "members/addresses.html",
        {"addresses": addresses_of(member), "section": "addresses"},
    )


@login_required
def address_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, current_member(request), None)


@login_required
def address_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = current_member(request)
    return _edit(request, member, _own_address(member, pk))


def _edit(request, member, address) -> HttpResponse:
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        save_address(
            member=member,
            address=address,
            fields=form.address_fields(),
            default_shipping=form.cleaned_data["default_shipping"],
            default_billing=form.cleaned_data["default_billing"],
        )
        messages.success(request, _("The address was saved."))
        return redirect("members:addresses")
    return render(
        request,
        "members/address_form.html",
        {"form": form, "address": address, "section": "addresses"},
    )


@login_required
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = current_member(request)
    address = _own_address(member, pk)
    if request.method == "POST":
        delete_address(member=member, address_id=address.pk)
        messages.success(request, _("The address was deleted."))
        return redirect("members:addresses")
    return render(
        request, "members/address_delete.html", {"address": address, "section": "addresses"}
    )


@login_required
@require_POST
def address_default(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    member = current_member(request)
    if kind not in DEFAULT_FLAG:
        raise Http404()
    try:
        set_default_address(member=member, address_id=pk, kind=kind)
    except AddressNotFound as error:
        raise Http404(error.message) from error
    messages.success(request, _("Your default address was changed."))
    return redirect("members:addresses")
