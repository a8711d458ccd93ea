"""The member's inbox and emails in their data export (``apps.members.data_export``)."""

from apps.members.data_export import row
from apps.members.extensions import data_export_section

from .models import Notification

NOTIFICATIONS = {"kind": "kind", "at": "created_at", "read_at": "read_at", "email": "email_status"}


@data_export_section.register_as("notifications")
def notifications(member) -> list[dict]:
    found = Notification.objects.filter(member=member).order_by("created_at", "id")
    return [row(notification, NOTIFICATIONS) for notification in found]
