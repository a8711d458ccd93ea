"""Whether a message may go: the same consent and preferences as the notification's e-mail,
the member's channel, the daily limit per member, and WhatsApp's approved templates."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apps.notifications.models import OPTIONAL_CATEGORIES, Category

from .models import Channel, ChannelMessage, ChannelSubscription, MessageStatus, WhatsAppTemplate

# A message counts against the daily limit once handed to the provider.
COUNTED = [
    MessageStatus.SENDING,
    MessageStatus.QUEUED,
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.READ,
    MessageStatus.UNDELIVERED,
]


def why_not_sent(message: ChannelMessage, subscription: ChannelSubscription | None) -> str:
    """Empty when the message may go; otherwise why not (kept on the message for staff)."""
    member = message.member
    category = message.notification.category
    if member.closed_at is not None:
        return "account deleted"
    if subscription is None or not subscription.active:
        return f"member turned {message.channel} off"
    if category == Category.MARKETING and not member.marketing_consent:
        return "no marketing consent"
    if category in OPTIONAL_CATEGORIES and member.email_opt_outs.filter(category=category).exists():
        return f"member turned off {category} messages"
    if message.channel == Channel.WHATSAPP and not _has_template(message.notification.kind):
        return "no approved WhatsApp template for this kind"
    if _sent_today(message) >= settings.MESSAGING_MEMBER_DAILY_LIMIT:
        return "member's daily limit reached"
    return ""


def _has_template(kind: str) -> bool:
    return WhatsAppTemplate.objects.filter(kind=kind, is_active=True).exists()


def _sent_today(message: ChannelMessage) -> int:
    since = timezone.now() - timedelta(hours=24)
    return ChannelMessage.objects.filter(
        member_id=message.member_id,
        channel=message.channel,
        status__in=COUNTED,
        sent_at__gte=since,
    ).count()
