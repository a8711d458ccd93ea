"""WhatsApp and SMS: the channels a member chose, the approved WhatsApp templates, and one
message per notification and channel with what the provider said about it.

Invariants:

- one message per notification and channel (UNIQUE), so an event tells the member once per
  channel, as the e-mail does;
- a message is handed to the provider at most once: a sender claims the row with a conditional
  UPDATE (pending/failed -> sending), as notifications claim their e-mail;
- each provider status callback is recorded once (UNIQUE on message id and status); the
  message's status is the furthest one received, whatever order they came in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.notifications.models import Kind


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class ChannelSubscription(models.Model):
    """A member's choice of a channel: the number consent was given for, and whether it is on
    (the member's choice in the member center, or a STOP/START reply)."""

    PERSONAL_DATA = {"number": "text"}

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="channel_subscriptions",
        verbose_name=_("member"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    number = models.CharField(_("number"), max_length=20, help_text=_("International format."))
    active = models.BooleanField(_("active"), default=True)
    changed_at = models.DateTimeField(_("changed at"))
    stopped_by_reply = models.BooleanField(
        _("stopped by a STOP reply"), default=False, help_text=_("The member replied STOP.")
    )

    class Meta:
        verbose_name = _("channel subscription")
        verbose_name_plural = _("channel subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "channel"],
                name="channel_subscription_once",
                violation_error_message=_("This member already has this channel."),
            )
        ]
        indexes = [models.Index(fields=["channel", "number"], name="channel_subscription_number")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_channel_display()}"


class WhatsAppTemplate(models.Model):
    """A message template WhatsApp approved, per kind of notification and language (admin:
    "WhatsApp templates"). The name, content SID and parameters are per language
    (modeltranslation); a language left empty uses the English template."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    name = models.CharField(
        _("template name"), max_length=100, help_text=_("As approved in WhatsApp Manager.")
    )
    content_sid = models.CharField(
        _("content SID"),
        max_length=40,
        help_text=_("The template's id at Twilio (HX...)."),
    )
    parameters = models.CharField(
        _("parameters"),
        max_length=200,
        blank=True,
        help_text=_(
            "The template's variables {{1}}, {{2}}, ... in order, separated by commas: "
            "name, subject, points, tier, reward, date, number, total, link."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("WhatsApp template")
        verbose_name_plural = _("WhatsApp templates")
        ordering = ("kind",)

    def __str__(self) -> str:
        return self.get_kind_display()


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    QUEUED = "queued", _("Accepted by the provider")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read by the member")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class ChannelMessage(models.Model):
    """One notification by one channel: whether, when and how it went."""

    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.CASCADE,
        related_name="channel_messages",
        verbose_name=_("notification"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="channel_messages",
        verbose_name=_("member"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    provider_sid = models.CharField(
        _("provider message id"), max_length=64, null=True, blank=True, unique=True
    )
    to = models.CharField(_("recipient number"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    retry_at = models.DateTimeField(_("next try at"), null=True, blank=True)

    PERSONAL_DATA = {"to": "text"}

    class Meta:
        verbose_name = _("WhatsApp or SMS message")
        verbose_name_plural = _("WhatsApp and SMS messages")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="channel_message_once_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["member", "channel", "sent_at"], name="channel_message_recent"),
            models.Index(
                fields=["created_at"],
                name="channel_message_waiting",
                condition=models.Q(status="pending"),
            ),
            models.Index(
                fields=["retry_at"],
                name="channel_message_retry_due",
                condition=models.Q(status="failed", retry_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.notification}"


class StatusCallback(models.Model):
    """A delivery status the provider reported for a message, recorded once."""

    provider_sid = models.CharField(_("provider message id"), max_length=64)
    status = models.CharField(_("status"), max_length=20)
    error_code = models.CharField(_("error code"), max_length=10, blank=True)
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("status callback")
        verbose_name_plural = _("status callbacks")
        ordering = ("-received_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["provider_sid", "status"], name="status_callback_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider_sid}: {self.status}"


class InboundMessage(models.Model):
    """A reply from a member's phone (only its keyword is kept: STOP, START, or other)."""

    PERSONAL_DATA = {"from_number": "text"}

    provider_sid = models.CharField(_("provider message id"), max_length=64, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    from_number = models.CharField(_("sender number"), max_length=20)
    keyword = models.CharField(_("keyword"), max_length=20, blank=True)
    members_changed = models.PositiveSmallIntegerField(_("subscriptions changed"), default=0)
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ("-received_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.keyword or '-'}"
