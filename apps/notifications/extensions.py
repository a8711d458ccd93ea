"""What the notifications app asks the apps above it (``apps.core.extensions``)."""

from collections.abc import Callable

from apps.core.extensions import ExtensionPoint

notifications_recorded: ExtensionPoint[Callable[..., object]] = ExtensionPoint(
    "notifications.notifications_recorded",
    "Called as hook(notification_ids=) inside the transaction that recorded new notifications "
    "(each id once: a notification is recorded once per event): other channels than e-mail "
    "(messaging: WhatsApp and SMS) plan their messages there, so they are as durable as the "
    "notification.",
)


def announce(notification_ids: list[int]) -> None:
    """Tell every hook about notifications just recorded (nothing when there are none)."""
    if not notification_ids:
        return
    for hook in notifications_recorded.hooks():
        hook(notification_ids=list(notification_ids))
