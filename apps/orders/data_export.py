"""The member's orders in their data export (``apps.members.data_export``)."""

from apps.members.data_export import money, row
from apps.members.extensions import data_export_section
from apps.members.models import Member

from .models import Order

ORDERS = {
    "number": "number",
    "placed_at": "placed_at",
    "paid_at": "paid_at",
    "status": "status",
    "currency": "currency",
    "exchange_rate": "exchange_rate",
}
# Each amount as {"amount": "1234.50", "currency": "EUR"}, in the order's currency.
AMOUNTS = {
    "subtotal": "subtotal_amount",
    "discount": "discount_amount",
    "shipping": "shipping_amount",
    "total": "total_amount",
    "refunded": "refunded_amount",
}


@data_export_section.register_as("orders")
def orders(member: Member) -> list[dict[str, object]]:
    return [
        {
            **row(order, ORDERS),
            **{key: money(getattr(order, name), order.currency) for key, name in AMOUNTS.items()},
        }
        for order in Order.objects.filter(member=member).order_by("placed_at", "id")
    ]
