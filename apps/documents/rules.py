"""Which documents an order may have issued, by its status, and who among staff may issue
them."""

from apps.orders.models import Order, OrderStatus

from .models import DocumentKind

# The statuses in which a document may be issued (one already issued stays downloadable).
ISSUED_IN: dict[str, frozenset[str]] = {
    # Unpaid: waiting for payment, or accepted on net terms and not shipped yet.
    DocumentKind.PROFORMA: frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.ACCEPTED}),
    DocumentKind.COMMERCIAL_INVOICE: frozenset({OrderStatus.SHIPPED, OrderStatus.COMPLETED}),
    DocumentKind.PACKING_LIST: frozenset({OrderStatus.SHIPPED, OrderStatus.COMPLETED}),
}


def can_issue(*, order: Order, kind: str) -> bool:
    return order.status in ISSUED_IN[kind]


def issue_permission(kind: str) -> str:
    """The permission a staff member needs to issue a document of ``kind`` (one issued before
    is downloaded by whoever may see the order in full)."""
    return f"documents.issue_{DocumentKind(kind).value}"
