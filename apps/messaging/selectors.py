from apps.members.models import Member

from .models import ChannelSubscription


def channels_of(member: Member) -> dict[str, ChannelSubscription]:
    """The member's channel subscriptions by channel (one query)."""
    return {s.channel: s for s in ChannelSubscription.objects.filter(member=member)}
