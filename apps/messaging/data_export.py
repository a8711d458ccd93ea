"""The member's WhatsApp and SMS channels and messages in their data export."""

from apps.members.data_export import row
from apps.members.extensions import data_export_section

from .models import ChannelMessage, ChannelSubscription

CHANNELS = {"channel": "channel", "number": "number", "on": "active", "changed_at": "changed_at"}
MESSAGES = {"channel": "channel", "to": "to", "status": "status", "sent_at": "sent_at"}


@data_export_section.register_as("messaging_channels")
def channels(member) -> list[dict]:
    found = ChannelSubscription.objects.filter(member=member).order_by("channel")
    return [row(subscription, CHANNELS) for subscription in found]


@data_export_section.register_as("messages")
def messages(member) -> list[dict]:
    found = ChannelMessage.objects.filter(member=member).order_by("created_at", "id")
    return [{"kind": message.notification.kind, **row(message, MESSAGES)} for message in found]
