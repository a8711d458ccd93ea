"""The member's reviews and custom events in their data export (``apps.members.data_export``)."""

from apps.members.data_export import row
from apps.members.extensions import data_export_section

from .models import MemberEvent, Review

REVIEWS = {
    "rating": "rating",
    "language": "language",
    "text": "text",
    "status": "status",
    "at": "created_at",
}
EVENTS = {"name": "name", "properties": "properties", "points": "points", "at": "occurred_at"}


@data_export_section.register_as("reviews")
def reviews(member) -> list[dict]:
    found = Review.objects.filter(member=member).select_related("product")
    return [
        {"product": review.product.sku, **row(review, REVIEWS)}
        for review in found.order_by("created_at", "id")
    ]


@data_export_section.register_as("custom_events")
def custom_events(member) -> list[dict]:
    found = MemberEvent.objects.filter(member=member).order_by("occurred_at", "id")
    return [row(event, EVENTS) for event in found]
