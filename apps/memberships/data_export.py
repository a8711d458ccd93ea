"""The member's paid memberships and their invoices in their data export
(``apps.members.data_export``)."""

from apps.members.data_export import row
from apps.members.extensions import data_export_section

from .models import Subscription

SUBSCRIPTIONS = {
    "status": "status",
    "started_at": "created_at",
    "current_period_end": "current_period_end",
    "paid_until": "paid_until",
    "cancel_at_period_end": "cancel_at_period_end",
    "grace_until": "grace_until",
    "benefits_until": "benefits_until",
    "ended_at": "ended_at",
}
INVOICES = {
    "number": "number",
    "status": "status",
    "currency": "currency",
    "period_start": "period_start",
    "period_end": "period_end",
    "paid_at": "paid_at",
}


@data_export_section.register_as("memberships")
def memberships(member) -> list[dict]:
    found = (
        Subscription.objects.filter(member=member)
        .select_related("plan", "price")
        .prefetch_related("invoices")
        .order_by("created_at", "id")
    )
    return [
        {
            **row(subscription, SUBSCRIPTIONS),
            "plan": subscription.plan.code,
            "price": {
                "amount": str(subscription.price.amount),
                "currency": subscription.price.currency,
                "interval": subscription.price.interval,
            },
            "invoices": [
                {
                    **row(invoice, INVOICES),
                    "amount": {"amount": str(invoice.amount), "currency": invoice.currency},
                }
                for invoice in subscription.invoices.order_by("period_start", "id")
            ],
        }
        for subscription in found
    ]
