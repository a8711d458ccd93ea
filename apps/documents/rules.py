"""Which documents an order may have issued, by its status."""

from apps.orders.models import Order, OrderStatus

from .models import DocumentKind

# The statuses in which a document may be issued (one already issued stays downloadable).
ISSUED_IN: dict[str, frozenset[str]] = {
    DocumentKind.PROFORMA: frozenset({OrderStatus.PENDING_PAYMENT}),
    DocumentKind.COMMERCIAL_INVOICE: frozenset({OrderStatus.SHIPPED, OrderStatus.COMPLETED}),
    DocumentKind.PACKING_LIST: frozenset({OrderStatus.SHIPPED, OrderStatus.COMPLETED}),
}


def can_issue(*, order: Order, kind: str) -> bool:
    return order.status in ISSUED_IN[kind]
