"""Which of an order's documents can be downloaded now."""

from collections.abc import Iterable

from apps.orders.models import Order

from .models import DocumentKind, TradeDocument
from .rules import can_issue

# In the order they are listed.
KINDS = (DocumentKind.PROFORMA, DocumentKind.COMMERCIAL_INVOICE, DocumentKind.PACKING_LIST)


def downloadable_kinds(order: Order, issued: Iterable[str] | None = None) -> list[DocumentKind]:
    """The kinds issued for the order or that may be issued in its status (``issued``: the
    kinds already issued, when the caller read them for many orders at once)."""
    if issued is None:
        issued = TradeDocument.objects.filter(order=order).values_list("kind", flat=True)
    issued = set(issued)
    return [kind for kind in KINDS if kind in issued or can_issue(order=order, kind=kind)]


def issued_kinds_by_order(orders: Iterable[Order]) -> dict[int, set[str]]:
    """The kinds issued for each of ``orders``: one query for a page of orders."""
    kinds: dict[int, set[str]] = {order.pk: set() for order in orders}
    for order_id, kind in TradeDocument.objects.filter(order__in=list(kinds)).values_list(
        "order_id", "kind"
    ):
        kinds[order_id].add(kind)
    return kinds
