"""The member's saved lists in their data export (``apps.members.data_export``)."""

from apps.members.data_export import row
from apps.members.extensions import data_export_section

from .requisition_lists import lists_of

SAVED_LISTS = {"name": "name", "created_at": "created_at", "updated_at": "updated_at"}


@data_export_section.register_as("saved_lists")
def saved_lists(member) -> list[dict]:
    # Their own lists: a company's shared lists are not one member's data.
    found = (
        lists_of(member)
        .filter(owner_member=member)
        .prefetch_related("lines__product")
        .order_by("created_at", "id")
    )
    return [
        {
            **row(saved, SAVED_LISTS),
            "lines": [
                {"sku": line.product.sku, "quantity": line.quantity} for line in saved.lines.all()
            ],
        }
        for saved in found
    ]
