"""Downloads of an order's documents: the buyer's in the member center, staff's in the admin."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from apps.members.selectors import member_of
from apps.orders.models import Order

from .errors import DocumentNotAvailable
from .models import DocumentKind, TradeDocument
from .rules import issue_permission
from .services import issue_and_render


def _kind(value: str) -> DocumentKind:
    try:
        return DocumentKind(value.replace("-", "_"))
    except ValueError:
        raise Http404 from None


def _pdf_response(document: TradeDocument, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    # Personal data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _download(order: Order, kind: DocumentKind) -> HttpResponse:
    try:
        document, content = issue_and_render(order=order, kind=kind)
    except DocumentNotAvailable:
        raise Http404 from None
    return _pdf_response(document, content)


@login_required
def member_download(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """The signed-in member's own order's document; any other order is not found (404)."""
    member = member_of(request.user)
    if member is None:
        raise Http404
    order = get_object_or_404(Order, number=number, member=member)
    return _download(order, _kind(kind))


@staff_member_required
def staff_download(request: HttpRequest, order_id: int, kind: str) -> HttpResponse:
    """For staff who may see orders with their personal data in full (a document shows the
    buyer's name and addresses unmasked: not Support); issuing a new document also needs the
    right to issue that kind (``rules.issue_permission``: finance the invoices, fulfilment
    the packing list)."""
    user = request.user
    if not (user.has_perm("orders.view_order") and user.has_perm("accounts.view_personal_data")):
        raise PermissionDenied
    order = get_object_or_404(Order, pk=order_id)
    kind = _kind(kind)
    issued = TradeDocument.objects.filter(order=order, kind=kind).exists()
    if not issued and not request.user.has_perm(issue_permission(kind)):
        raise PermissionDenied
    return _download(order, kind)
