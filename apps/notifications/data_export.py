"""The member's inbox and emails in their data export (``apps.members.data_export``)."""

from apps.members.data_export import register_section, row

from .models import Notification

NOTIFICATIONS = {"kind": "kind", "at": "created_at", "read_at": "read_at", "email": "email_status"}


@register_section("notifications")
def notifications(member) -> list[dict]:
    found = Notification.objects.filter(member=member).order_by("created_at", "id")
    return [row(notification, NOTIFICATIONS) for notification in found]
