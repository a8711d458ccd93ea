"""The member's redeemed rewards in their data export (``apps.members.data_export``)."""

from apps.members.data_export import row
from apps.members.extensions import data_export_section

from .models import Redemption

REDEMPTIONS = {
    "points": "points",
    "status": "status",
    "coupon_code": "coupon_code",
    "coupon_expires_at": "coupon_expires_at",
    "at": "created_at",
}


@data_export_section.register_as("redemptions")
def redemptions(member) -> list[dict]:
    found = Redemption.objects.filter(member=member).select_related("reward")
    return [
        {"reward": str(redemption.reward), **row(redemption, REDEMPTIONS)}
        for redemption in found.order_by("created_at", "id")
    ]
