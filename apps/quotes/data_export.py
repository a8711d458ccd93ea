"""The member's requests for quotation in their data export (``apps.members.data_export``)."""

from apps.members.data_export import row
from apps.members.extensions import data_export_section

from .models import Quote

QUOTE = {
    "number": "number",
    "status": "status",
    "currency": "currency",
    "incoterm": "incoterm",
    "destination_country": "destination_country",
    "destination_port": "destination_port",
    "required_by": "required_by",
    "notes": "notes",
    "requested_at": "requested_at",
}


@data_export_section.register_as("quotes")
def quotes(member) -> list[dict]:
    # The quotes they asked for (a company's other quotes are not one member's data).
    found = Quote.objects.filter(member=member).prefetch_related("lines__product", "revisions")
    return [
        {
            **row(quote, QUOTE),
            "lines": [
                {
                    "sku": line.product.sku if line.product else "",
                    "description": line.description,
                    "quantity": line.quantity,
                }
                for line in quote.lines.all()
            ],
            "revisions": [
                {
                    "number": revision.number,
                    "total": {"amount": str(revision.total_amount), "currency": quote.currency},
                }
                for revision in quote.revisions.all()
            ],
        }
        for quote in found.order_by("requested_at", "id")
    ]
