"""Quick order (typed rows or a CSV file), SKU suggestions, and re-ordering a past order.
Thin: the rows go to ``quick_order``/``reorder``; errors come back as messages per row."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.catalog.pricing import request_pricing
from apps.core import formatting
from apps.orders.models import Order

from .carts import current_cart
from .errors import CartError
from .forms import QuickOrderUploadForm
from .quick_order import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    OrderRow,
    QuickOrderResult,
    add_rows_to_cart,
    rows_from_csv,
    rows_from_form,
    sku_suggestions,
)
from .reorder import reorder

BLANK_ROWS = 5


@require_http_methods(["GET", "POST"])
def quick_order(request: HttpRequest) -> HttpResponse:
    """GET: empty rows. POST with ``file``: the CSV's rows; POST with ``more_rows`` (the
    "More rows" button without JavaScript): the same rows and five more; any other POST: the
    typed rows. Rows the cart refused come back with their message; the rest are added."""
    upload = QuickOrderUploadForm()
    rows: list[OrderRow] = []
    errors: dict[int, str] = {}
    if request.method == "POST":
        try:
            if "upload" in request.POST:
                upload = QuickOrderUploadForm(request.POST, request.FILES)
                if not upload.is_valid():
                    return _page(request, rows, errors, upload, extra=BLANK_ROWS)
                rows = rows_from_csv(upload.cleaned_data["file"].read(MAX_UPLOAD_READ))
            else:
                rows = rows_from_form(request.POST.getlist("sku"), request.POST.getlist("quantity"))
                if "more_rows" in request.POST:
                    return _page(request, rows, errors, upload, extra=BLANK_ROWS)
        except CartError as error:
            messages.error(request, error.message)
            return _page(request, [], errors, upload, extra=BLANK_ROWS)
        if not rows:
            messages.error(request, _("Enter at least one SKU and quantity."))
            return _page(request, [], errors, upload, extra=BLANK_ROWS)
        result = add_rows_to_cart(
            cart=current_cart(request, create=True),
            rows=rows,
            early_access=request_pricing(request).early_access,
        )
        _announce(request, result)
        if not result.failed:
            return redirect("checkout:cart")
        rows = [outcome.row for outcome in result.failed]
        errors = {outcome.row.number: outcome.error for outcome in result.failed}
        return _page(request, rows, errors, upload, extra=0)
    return _page(request, rows, errors, upload, extra=BLANK_ROWS)


# One byte more than allowed, so that ``rows_from_csv`` sees a file is too large.
MAX_UPLOAD_READ = MAX_UPLOAD_BYTES + 1


def _announce(request: HttpRequest, result: QuickOrderResult) -> None:
    if result.added:
        count = len(result.added)
        messages.success(
            request,
            ngettext(
                "%(count)s row was added to your cart.",
                "%(count)s rows were added to your cart.",
                count,
            )
            % {"count": count},
        )
    if result.failed:
        count = len(result.failed)
        messages.error(
            request,
            ngettext(
                "%(count)s row was not added: correct it below.",
                "%(count)s rows were not added: correct them below.",
                count,
            )
            % {"count": count},
        )


def _page(request, rows, errors, upload, *, extra: int) -> HttpResponse:
    shown = [
        {
            "number": row.number,
            "sku": row.sku,
            "quantity": row.quantity,
            "error": errors.get(row.number, ""),
        }
        for row in rows
    ]
    first_blank = max((row.number for row in rows), default=0) + 1
    shown += [
        {"number": number, "sku": "", "quantity": "", "error": ""}
        for number in range(first_blank, first_blank + extra)
    ]
    return render(
        request,
        "checkout/quick_order.html",
        {"rows": shown, "upload": upload, "max_rows": MAX_ROWS},
        status=400 if errors else 200,
    )


@require_GET
def sku_search(request: HttpRequest) -> JsonResponse:
    """``?q=``: up to eight orderable products whose SKU starts with, or whose name contains,
    the text (the quick order's suggestions)."""
    products = sku_suggestions(
        request.GET.get("q", "")[:64], early_access=request_pricing(request).early_access
    )
    return JsonResponse(
        {"results": [{"sku": product.sku, "name": product.name} for product in products]}
    )


@require_POST
def reorder_order(request: HttpRequest, token: str) -> HttpResponse:
    """Order again: whoever may see the order (its secret link) may put its lines in their
    own cart."""
    order = get_object_or_404(Order, access_token=token)
    result = reorder(
        cart=current_cart(request, create=True), order=order, context=request_pricing(request)
    )
    if result.added:
        messages.success(
            request,
            ngettext(
                "%(count)s product of order %(number)s was added to your cart at today's price.",
                "%(count)s products of order %(number)s were added to your cart at today's prices.",
                result.added,
            )
            % {"count": result.added, "number": formatting.code(order.number)},
        )
    for note in result.notes:
        messages.warning(request, note.message)
    return redirect("checkout:cart")
