"""Writes of WhatsApp and SMS messaging: the member's channels, one message per notification
and channel, provider callbacks and STOP/START replies. Every entry point (the member center,
the notifications hook, the Celery tasks, the provider webhooks, the admin) goes through here.
"""

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.members.models import Member
from apps.members.services import record_consent, update_profile
from apps.notifications.emails import absolute
from apps.notifications.models import Notification

from . import backends, numbers, texts
from .models import (
    Channel,
    ChannelMessage,
    ChannelSubscription,
    InboundMessage,
    MessageStatus,
    StatusCallback,
)
from .rules import why_not_sent

logger = logging.getLogger(__name__)

CLAIMABLE = (MessageStatus.PENDING, MessageStatus.FAILED)
# The member's profile field that holds each channel's number.
PROFILE_FIELD: dict[str, str] = {Channel.WHATSAPP: "whatsapp", Channel.SMS: "phone"}
# Replies that stop or restore a channel (Twilio's standard opt-out and opt-in keywords).
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
START_WORDS = {"START", "UNSTOP", "YES"}


# --- the member's channels ---------------------------------------------------------------------


@transaction.atomic
def set_channel(
    *, member: Member, channel: str, wanted: bool, number: str = "", source: str
) -> ChannelSubscription | None:
    """Turn ``channel`` on for ``number`` (checked, stored in international form; also on the
    profile when it has no such number) or off. Each change of consent (on, off, or on for
    another number) is recorded as a ``ConsentRecord`` with ``source``. Returns the
    subscription (None when there was none and it stays off). Raises
    ``numbers.InvalidNumber`` when turning on with a bad number."""
    subscription = (
        ChannelSubscription.objects.select_for_update()
        .filter(member=member, channel=channel)
        .first()
    )
    now = timezone.now()
    if not wanted:
        if subscription is not None and subscription.active:
            subscription.active, subscription.changed_at = False, now
            subscription.stopped_by_reply = False
            subscription.save(update_fields=["active", "changed_at", "stopped_by_reply"])
            record_consent(member=member, purpose=channel, granted=False, source=source)
        return subscription
    international = numbers.international(number, country=str(member.country or ""))
    if subscription is None:
        subscription = ChannelSubscription.objects.create(
            member=member, channel=channel, number=international, active=True, changed_at=now
        )
    elif subscription.active and subscription.number == international:
        return subscription
    else:
        subscription.number, subscription.active, subscription.changed_at = international, True, now
        subscription.stopped_by_reply = False
        subscription.save(update_fields=["number", "active", "changed_at", "stopped_by_reply"])
    record_consent(member=member, purpose=channel, granted=True, source=source)
    if not getattr(member, PROFILE_FIELD[channel]):  # the profile's own number is the member's
        update_profile(member=member, source=source, **{PROFILE_FIELD[channel]: international})
    return subscription


def forget_channels(*, member: Member) -> None:
    """The member deleted their account: their numbers go, the consent history stays with a
    final withdrawal (called inside ``close_account``'s transaction)."""
    for subscription in ChannelSubscription.objects.filter(member=member, active=True):
        record_consent(
            member=member, purpose=subscription.channel, granted=False, source="account-deleted"
        )
    ChannelSubscription.objects.filter(member=member).delete()


# --- planning and sending ----------------------------------------------------------------------


def queue_sending(message_ids: list[int]) -> None:
    """Enqueue each message after commit (harmless for one already sent: sending claims it)."""
    from .tasks import send_message

    ids = list(message_ids)
    if ids:
        transaction.on_commit(lambda: [send_message.delay(pk) for pk in ids])


def plan_messages(*, notification_ids: list[int]) -> int:
    """One message per new notification and channel the member has on, recorded in the
    notification's transaction (the ``notifications.notifications_recorded`` hook) and sent
    after commit. Returns how many were planned."""
    members = dict(
        Notification.objects.filter(pk__in=notification_ids).values_list("pk", "member_id")
    )
    channels: dict[int, list[str]] = {}
    for member_id, channel in ChannelSubscription.objects.filter(
        member_id__in=set(members.values()), active=True
    ).values_list("member_id", "channel"):
        channels.setdefault(member_id, []).append(channel)
    now = timezone.now()
    planned = [
        ChannelMessage(notification_id=pk, member_id=member_id, channel=channel, created_at=now)
        for pk, member_id in members.items()
        for channel in channels.get(member_id, [])
    ]
    if not planned:
        return 0
    ChannelMessage.objects.bulk_create(planned, ignore_conflicts=True)
    queue_sending(
        list(
            ChannelMessage.objects.filter(
                notification_id__in=members, status=MessageStatus.PENDING
            ).values_list("pk", flat=True)
        )
    )
    return len(planned)


class TryLater(Exception):
    """The shop-wide limit is reached: the message stays waiting; try in ``seconds``."""

    def __init__(self, seconds: float):
        super().__init__(f"try again in {seconds:.0f} s")
        self.seconds = seconds


def _take_global_slot() -> None:
    """Count one message against this minute's shop-wide limit; ``TryLater`` when it is full.
    The counter lives in Redis (shared by every worker); with Redis away it is not enforced."""
    now = timezone.now()
    key = f"messaging:sent:{now:%Y%m%d%H%M}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        count = 1
    if count > settings.MESSAGING_GLOBAL_PER_MINUTE:
        raise TryLater(60 - now.second + random.uniform(0, 5))  # noqa: S311


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _set(message_id: int, frm, **changes) -> int:
    return ChannelMessage.objects.filter(pk=message_id, status__in=frm).update(**changes)


def _claim(message: ChannelMessage) -> str:
    """Skip the message (with the reason kept) or claim it for sending; returns "" when
    claimed. Holds the member's channel subscription row meanwhile, so two workers cannot both
    pass the member's daily limit."""
    with transaction.atomic():
        subscription = (
            ChannelSubscription.objects.select_for_update()
            .filter(member_id=message.member_id, channel=message.channel)
            .first()
        )
        reason = why_not_sent(message, subscription)
        if reason:
            _set(message.pk, CLAIMABLE, status=MessageStatus.SKIPPED, error=reason, retry_at=None)
            return MessageStatus.SKIPPED
        _take_global_slot()
        claimed = _set(
            message.pk,
            CLAIMABLE,
            status=MessageStatus.SENDING,
            attempts=F("attempts") + 1,
            language=message.member.preferred_language,
            to=subscription.number if subscription else "",
            sent_at=timezone.now(),  # counts against the daily limit from now on
            retry_at=None,
        )
        if not claimed:
            return ChannelMessage.objects.get(pk=message.pk).status
    return ""


def _outgoing(message: ChannelMessage, to: str) -> backends.OutgoingMessage:
    callback = absolute(reverse("messaging:twilio_status"))
    notification = message.notification
    if message.channel == Channel.WHATSAPP:
        template, content_sid = texts.whatsapp_template(
            notification.kind, message.member.preferred_language
        )
        assert template is not None  # noqa: S101 (why_not_sent skipped it otherwise)
        return backends.OutgoingMessage(
            channel=message.channel,
            to=to,
            content_sid=content_sid,
            variables=texts.whatsapp_variables(notification, template),
            status_callback=callback,
        )
    return backends.OutgoingMessage(
        channel=message.channel, to=to, body=texts.sms_body(notification), status_callback=callback
    )


def send(*, message_id: int) -> str:
    """Hand the message to the provider at most once; returns its status afterwards.

    Skipped (reason kept) when the channel is off, consent or preferences exclude it, the
    member's daily limit is reached or WhatsApp has no approved template for it. Raises
    ``TryLater`` (the message stays waiting) when the shop-wide limit per minute is reached.
    A failure that may pass is marked ``failed`` with the time of the next try (backoff,
    ``MESSAGING_MAX_ATTEMPTS`` tries); one that will not (invalid number, recipient opted out
    at the provider: that channel is turned off) is marked failed for good. A crash after the
    provider accepted the message leaves it ``sending``, never sent twice.
    """
    message = ChannelMessage.objects.select_related(
        "notification__member__user", "member__user"
    ).get(pk=message_id)
    if message.status not in CLAIMABLE:
        return message.status
    outcome = _claim(message)
    if outcome:
        return outcome
    message.refresh_from_db(fields=["to", "attempts"])
    try:
        receipt = backends.backend().send(_outgoing(message, message.to))
    except backends.SendFailed as error:
        return _failed(message, error)
    with transaction.atomic():
        _set(
            message_id,
            [MessageStatus.SENDING],
            status=_status_from_provider(receipt.status) or MessageStatus.QUEUED,
            provider_sid=receipt.provider_sid,
            sent_at=timezone.now(),
            status_changed_at=timezone.now(),
            error="",
        )
        _apply_callbacks(receipt.provider_sid)  # any that came before we knew the id
    return ChannelMessage.objects.get(pk=message_id).status


def _failed(message: ChannelMessage, error: backends.SendFailed) -> str:
    retry = error.retryable and message.attempts < settings.MESSAGING_MAX_ATTEMPTS
    _set(
        message.pk,
        [MessageStatus.SENDING],
        status=MessageStatus.FAILED,
        error=str(error)[:300],
        sent_at=None,
        retry_at=timezone.now() + _retry_delay(message.attempts) if retry else None,
    )
    if error.code in backends.RECIPIENT_UNSUBSCRIBED:
        set_channel(
            member=message.member,
            channel=message.channel,
            wanted=False,
            source="provider: recipient unsubscribed",
        )
    logger.warning("message %s by %s failed: %s", message.pk, message.channel, error)
    return MessageStatus.FAILED


def retry(*, message_ids: list[int]) -> int:
    """Staff send failed messages again now (admin action); returns how many were queued."""
    ids = list(
        ChannelMessage.objects.filter(pk__in=message_ids, status=MessageStatus.FAILED)
        .exclude(provider_sid__isnull=False)
        .values_list("pk", flat=True)
    )
    queue_sending(ids)
    return len(ids)


def queue_due(*, now=None) -> int:
    """Queue what is waiting: failed messages whose next try is due, and messages still
    pending a while after they were planned (their queued task was lost). Periodic job."""
    now = now or timezone.now()
    due = ChannelMessage.objects.filter(status=MessageStatus.FAILED, retry_at__lte=now)
    stale = ChannelMessage.objects.filter(
        status=MessageStatus.PENDING, created_at__lte=now - timedelta(minutes=2)
    )
    ids = [*due.values_list("pk", flat=True)[:1000], *stale.values_list("pk", flat=True)[:1000]]
    queue_sending(ids)
    return len(ids)


# --- what the provider tells us ----------------------------------------------------------------

# How far along each status is: a callback moves a message only forward, so a late "sent" after
# "delivered" changes nothing, and a "delivered" after "failed" (reordered or corrected by the
# carrier) wins.
PROVIDER_STATUS = {
    "accepted": MessageStatus.QUEUED,
    "scheduled": MessageStatus.QUEUED,
    "queued": MessageStatus.QUEUED,
    "sending": MessageStatus.QUEUED,
    "sent": MessageStatus.SENT,
    "failed": MessageStatus.FAILED,
    "canceled": MessageStatus.FAILED,
    "undelivered": MessageStatus.UNDELIVERED,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.READ,
}
RANK: dict[str, int] = {
    MessageStatus.QUEUED: 1,
    MessageStatus.SENT: 2,
    MessageStatus.FAILED: 3,
    MessageStatus.UNDELIVERED: 3,
    MessageStatus.DELIVERED: 4,
    MessageStatus.READ: 5,
}


def _status_from_provider(status: str) -> str:
    return PROVIDER_STATUS.get(status.lower(), "")


def record_status(*, provider_sid: str, status: str, error_code: str = "") -> bool:
    """A status callback: recorded once per message id and status (a repeat returns False and
    changes nothing), then the message takes the furthest status received. A callback for a
    message whose id we do not know yet is kept and applied once the send records the id."""
    if not _status_from_provider(status):
        return False
    with transaction.atomic():
        _callback, created = StatusCallback.objects.get_or_create(
            provider_sid=provider_sid,
            status=status.lower(),
            defaults={"error_code": error_code[:10], "received_at": timezone.now()},
        )
        if created:
            _apply_callbacks(provider_sid)
    return created


def _apply_callbacks(provider_sid: str) -> None:
    message = ChannelMessage.objects.select_for_update().filter(provider_sid=provider_sid).first()
    if message is None or message.status not in RANK:
        return
    best = message.status
    error = message.error
    for status, code in StatusCallback.objects.filter(provider_sid=provider_sid).values_list(
        "status", "error_code"
    ):
        ours = _status_from_provider(status)
        if RANK[ours] > RANK[best]:
            best = ours
            error = f"provider error {code}" if code else ""
    if best != message.status:
        message.status, message.error, message.status_changed_at = best, error, timezone.now()
        message.save(update_fields=["status", "error", "status_changed_at"])


def receive_reply(*, provider_sid: str, sender: str, body: str) -> InboundMessage | None:
    """A member's reply: STOP (and Twilio's other opt-out words, alone in the message) turns
    that channel off for every member with that number, START turns back on what a STOP
    turned off, each recorded as a consent change; other text is only logged. Once per
    message id (None for a repeat)."""
    channel = Channel.WHATSAPP if sender.startswith("whatsapp:") else Channel.SMS
    number = sender.removeprefix("whatsapp:")
    # As Twilio does for SMS: a keyword counts only as the whole message ("Stop", not "stop
    # sending the PDF"), so our consent and Twilio's opt-out list agree.
    text = body.strip().strip(".!").upper()
    keyword = text if text in STOP_WORDS | START_WORDS else ""
    with transaction.atomic():
        inbound, created = InboundMessage.objects.get_or_create(
            provider_sid=provider_sid,
            defaults={
                "channel": channel,
                "from_number": number[:20],
                "keyword": keyword,
                "received_at": timezone.now(),
            },
        )
        if not created:
            return None
        changed = _act_on_keyword(channel=channel, number=number, keyword=keyword)
        if changed:
            inbound.members_changed = changed
            inbound.save(update_fields=["members_changed"])
    return inbound


def _act_on_keyword(*, channel: str, number: str, keyword: str) -> int:
    subscriptions = ChannelSubscription.objects.select_for_update().filter(
        channel=channel, number=number
    )
    changed = 0
    now = timezone.now()
    for subscription in subscriptions.order_by("pk").select_related("member"):
        if keyword in STOP_WORDS and subscription.active:
            subscription.active, subscription.stopped_by_reply = False, True
            granted = False
        elif keyword in START_WORDS and not subscription.active and subscription.stopped_by_reply:
            subscription.active, subscription.stopped_by_reply = True, False
            granted = True
        else:
            continue
        subscription.changed_at = now
        subscription.save(update_fields=["active", "stopped_by_reply", "changed_at"])
        record_consent(
            member=subscription.member,
            purpose=channel,
            granted=granted,
            source=f"{keyword} reply",
        )
        changed += 1
    return changed
