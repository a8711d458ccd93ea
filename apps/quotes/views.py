"""The buyer's quotes in the member center, and the attachment download (buyer's company and
staff only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.models import Product
from apps.checkout.carts import current_cart
from apps.core.errors import ApplicationError
from apps.members.models import Member
from apps.members.views import current_member

from .forms import AcceptForm, LineFormSet, NoteForm, RequestForm
from .models import Quote, QuoteSource, QuoteStatus
from .proforma import render_quote_proforma
from .selectors import attachment_for_member, quote_for_member, visible_quotes
from .services import (
    LineRequest,
    accept_quote,
    decline_quote,
    request_quote,
    request_revision,
)


@login_required
def quote_list(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    quotes = visible_quotes(member).select_related("member__user", "order")[:200]
    return render(request, "quotes/list.html", {"quotes": quotes, "section": "quotes"})


def _initial_lines(request: HttpRequest, member) -> tuple[list[dict], str]:
    """The lines the form starts with: the cart's, a product's, or one empty line."""
    if request.GET.get("from") == "cart":
        cart = current_cart(request)
        if cart is not None:
            lines = [
                {
                    "product": line.product_id,
                    "description": line.product.name,
                    "quantity": line.quantity,
                }
                for line in cart.lines.select_related("product")
            ]
            if lines:
                return lines, QuoteSource.CART
    product_id = request.GET.get("product", "")
    if product_id.isdigit():
        product = Product.objects.filter(pk=int(product_id), is_active=True).first()
        if product is not None:
            quantity = request.GET.get("quantity", "")
            return [
                {
                    "product": product.pk,
                    "description": product.name,
                    "quantity": int(quantity) if quantity.isdigit() and int(quantity) > 0 else None,
                }
            ], QuoteSource.PRODUCT
    return [{}], QuoteSource.FORM


@login_required
def new_quote(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES)
        lines = LineFormSet(request.POST, prefix="lines")
        source = request.POST.get("source", QuoteSource.FORM)
        if source not in QuoteSource.values:
            source = QuoteSource.FORM
        if form.is_valid() and lines.is_valid():
            products = Product.objects.filter(is_active=True).in_bulk(
                [row["product"] for row in lines.cleaned_data if row.get("product")]
            )
            try:
                quote = request_quote(
                    member=member,
                    currency=request.currency,  # type: ignore[attr-defined]
                    language=translation.get_language(),
                    lines=[
                        LineRequest(
                            quantity=row["quantity"],
                            product=products.get(row.get("product") or 0),
                            description=""
                            if products.get(row.get("product") or 0)
                            else row.get("description", ""),
                            target_unit_price=row.get("target_unit_price"),
                        )
                        for row in lines.cleaned_data
                        if row
                    ],
                    incoterm=form.cleaned_data["incoterm"],
                    destination_country=form.cleaned_data["destination_country"],
                    destination_port=form.cleaned_data["destination_port"],
                    required_by=form.cleaned_data["required_by"],
                    notes=form.cleaned_data["notes"],
                    attachments=form.cleaned_data["attachments"],
                    source=source,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Your request for quotation was sent. We will answer soon.")
                )
                return redirect("quotes:detail", number=quote.number)
    else:
        initial, source = _initial_lines(request, member)
        form = RequestForm(initial={"destination_country": member.country or None})
        lines = LineFormSet(initial=initial, prefix="lines")
    return render(
        request,
        "quotes/request.html",
        {"form": form, "lines": lines, "source": source, "section": "quotes"},
    )


def _quote_or_404(request: HttpRequest, number: str) -> tuple[Member, Quote]:
    member = current_member(request)
    quote = quote_for_member(member, number)
    if quote is None:
        raise Http404
    return member, quote


@login_required
def quote_detail(request: HttpRequest, number: str) -> HttpResponse:
    member, quote = _quote_or_404(request, number)
    revision = quote.latest_revision
    context = {
        "quote": quote,
        "revision": revision,
        "revision_lines": list(revision.lines.select_related("product")) if revision else [],
        "lines": list(quote.lines.select_related("product")),
        "attachments": quote.attachments.defer("content"),
        "activities": quote.activities.all(),
        "expired": quote.is_expired(revision),
        "accept_form": AcceptForm(
            member=member, initial={"revision": revision.number if revision else 0}
        ),
        "note_form": NoteForm(),
        "section": "quotes",
    }
    return render(request, "quotes/detail.html", context)


@login_required
@require_POST
def accept(request: HttpRequest, number: str) -> HttpResponse:
    member, quote = _quote_or_404(request, number)
    form = AcceptForm(request.POST, member=member)
    if not form.is_valid():
        messages.error(request, _("Choose an address to ship to and a payment method."))
        return redirect("quotes:detail", number=number)
    try:
        order = accept_quote(
            quote=quote,
            member=member,
            revision=form.cleaned_data["revision"],
            address=form.cleaned_data["address"],
            payment_method=form.cleaned_data["payment_method"],
            po_number=form.cleaned_data["po_number"],
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("quotes:detail", number=number)
    messages.success(
        request, _("Quote accepted: your order %(number)s is placed.") % {"number": order.number}
    )
    return redirect("orders:detail", order.access_token)


def _with_note(request: HttpRequest, number: str, act, done: str) -> HttpResponse:
    """A buyer's step that takes an optional note (``act(quote=, member=, note=)``)."""
    member, quote = _quote_or_404(request, number)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        act(quote=quote, member=member, note=note)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect("quotes:detail", number=number)


@login_required
@require_POST
def ask_revision(request: HttpRequest, number: str) -> HttpResponse:
    return _with_note(request, number, request_revision, _("We were asked to revise the quote."))


@login_required
@require_POST
def decline(request: HttpRequest, number: str) -> HttpResponse:
    return _with_note(request, number, decline_quote, _("The quote was declined."))


@login_required
def proforma(request: HttpRequest, number: str) -> HttpResponse:
    """The proforma invoice of the latest revision, in the quote's language."""
    _member, quote = _quote_or_404(request, number)
    revision = quote.latest_revision
    if revision is None or quote.status == QuoteStatus.DECLINED:
        raise Http404
    content = render_quote_proforma(quote=quote, revision=revision)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="proforma-{quote.number}-{revision.number}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment(request: HttpRequest, quote_id: int, pk: int) -> HttpResponse:
    """A file the buyer attached: for the quote's company (or buyer) and for staff who may view
    quotes; any other visitor gets 404. Always a download, never shown inline, its type the one
    its content was checked as (``attachments.check_file``)."""
    quote = get_object_or_404(Quote, pk=quote_id)
    user = request.user
    if user.is_staff and user.has_perm("quotes.view_quote"):
        found = quote.attachments.filter(pk=pk).first()
    else:
        found = attachment_for_member(current_member(request), quote, pk)
    if found is None:
        raise Http404
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def detail_url(quote: Quote) -> str:
    return reverse("quotes:detail", kwargs={"number": quote.number})
