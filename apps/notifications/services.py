"""Writes to notifications: record one per event, send its email at most once, read, opt out.

Every entry point (event subscribers, the periodic jobs, the order emails, the inbox pages and the
unsubscribe link) goes through these functions.
"""

import logging
from collections.abc import Callable, Iterable

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.members.models import Member
from apps.members.services import update_profile

from .emails import build_email, read_unsubscribe_token
from .extensions import announce
from .models import (
    CATEGORY_OF,
    OPTIONAL_CATEGORIES,
    Category,
    EmailOptOut,
    EmailStatus,
    Kind,
    Notification,
    SentEmail,
)

logger = logging.getLogger(__name__)

# A delivery may take a notification in these states; "sending" and "sent" are never taken
# again, which is what makes the email go out at most once.
CLAIMABLE = (EmailStatus.PENDING, EmailStatus.FAILED)
UNSUBSCRIBE_SOURCE = "email unsubscribe link"


def queue_delivery(notification_ids: Iterable[int]) -> None:
    """Enqueue the email of each notification after commit (harmless for one already sent:
    delivery claims the row first)."""
    from .tasks import deliver_notification

    ids = list(notification_ids)
    transaction.on_commit(lambda: [deliver_notification.delay(pk) for pk in ids])


def notify(*, member: Member, kind: str, dedupe_key: str, context: dict) -> Notification | None:
    """Tell ``member`` about an event once: create the inbox item and queue its email (after
    commit). Returns the new notification, or None when ``dedupe_key`` was notified already
    (safe under concurrency: the key is UNIQUE)."""
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "member": member,
            "kind": kind,
            "context": context,
            "created_at": timezone.now(),
        },
    )
    if not created:
        return None
    announce([notification.pk])
    queue_delivery([notification.pk])
    return notification


def notify_many(notifications: list[Notification]) -> int:
    """Bulk ``notify`` for the periodic jobs: inserts what is new (existing keys are left
    alone) and queues the emails still waiting. Returns how many keys were new."""
    keys = [n.dedupe_key for n in notifications]
    before = set(
        Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    now = timezone.now()
    for notification in notifications:
        notification.created_at = notification.created_at or now
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    new_keys = set(keys) - before
    announce(
        list(Notification.objects.filter(dedupe_key__in=new_keys).values_list("pk", flat=True))
    )
    waiting = Notification.objects.filter(
        dedupe_key__in=keys, email_status=EmailStatus.PENDING
    ).values_list("pk", flat=True)
    queue_delivery(waiting)
    return len(new_keys)


def record_order_email(*, order, kind: str) -> Notification | None:
    """The order email that ``apps.orders.emails`` just sent, as an inbox item of the buyer's
    member account (nothing for guest orders). Call inside the sending transaction."""
    from .content import money_fact

    # Payment reminders of orders on terms (docs/credit.md) are e-mails only.
    if order.member_id is None or kind not in ("placed", "paid", "shipped"):
        return None
    notification_kind = {"paid": Kind.ORDER_PAID, "shipped": Kind.ORDER_SHIPPED}.get(
        kind, Kind.ORDER_PLACED
    )
    now = timezone.now()
    notification, created = Notification.objects.get_or_create(
        dedupe_key=f"order.{kind}:{order.pk}",
        defaults={
            "member_id": order.member_id,
            "kind": notification_kind,
            "context": {
                "number": order.number,
                "total": money_fact(order.total),
                "token": order.access_token,
            },
            "created_at": now,
            "email_status": EmailStatus.SENT,
            "email_sent_at": now,
            "email_language": order.language,
            "email_attempts": 1,
        },
    )
    if not created:
        return None
    announce([notification.pk])
    return notification


def send_once(*, dedupe_key: str, build: Callable[[], EmailMessage]) -> bool:
    """Send the e-mail ``build`` makes unless one was sent under ``dedupe_key``; True if sent
    now. As the order e-mails: the key is written in the sending transaction, so a failed send
    leaves no key (a retry sends) and a second or concurrent delivery of the same event finds
    the key (or waits for it on the UNIQUE index) and sends nothing."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentEmail.objects.create(dedupe_key=dedupe_key[:200])
        except IntegrityError:
            return False
        build().send()
    return True


def _why_not_emailed(notification: Notification) -> str:
    """Empty when the email may go; otherwise why not (kept on the notification)."""
    member = notification.member
    category = CATEGORY_OF[notification.kind]
    if category == Category.ORDERS:
        return "order emails are sent by the orders app"
    if category == Category.MARKETING and not member.marketing_consent:
        return "no marketing consent"
    if category in OPTIONAL_CATEGORIES and member.email_opt_outs.filter(category=category).exists():
        return f"member turned off {category} emails"
    return ""


def _address_unverified(member: Member) -> bool:
    """True while the member's address is known to allauth but not yet confirmed. Addresses
    entered by staff or integrations (no allauth record) are taken as they are."""
    addresses = EmailAddress.objects.filter(user_id=member.user_id, email__iexact=member.user.email)
    return addresses.exists() and not addresses.filter(verified=True).exists()


def _set_status(notification_id: int, frm, **changes) -> int:
    return Notification.objects.filter(pk=notification_id, email_status__in=frm).update(**changes)


def deliver(*, notification_id: int) -> str:
    """Email the notification at most once; returns its email status afterwards.

    Skips (and records why) when the member's consent or preferences exclude it; holds it while
    the address is unverified. Otherwise it claims the row with a conditional UPDATE (only one
    concurrent caller can), sends through the configured email backend, then marks it sent. A
    failed send is marked ``failed`` and re-raised so the task retries; a crash after the SMTP
    server accepted the message leaves it ``sending``, never sent twice.
    """
    notification = Notification.objects.select_related("member__user").get(pk=notification_id)
    if notification.email_status not in CLAIMABLE:
        return notification.email_status
    reason = _why_not_emailed(notification)
    if reason:
        _set_status(
            notification_id, CLAIMABLE, email_status=EmailStatus.SKIPPED, email_error=reason
        )
        return EmailStatus.SKIPPED
    if _address_unverified(notification.member):
        _set_status(notification_id, CLAIMABLE, email_status=EmailStatus.HELD)
        return EmailStatus.HELD
    claimed = _set_status(
        notification_id,
        CLAIMABLE,
        email_status=EmailStatus.SENDING,
        email_attempts=F("email_attempts") + 1,
        email_language=notification.member.preferred_language,
    )
    if not claimed:
        return Notification.objects.get(pk=notification_id).email_status
    try:
        build_email(notification).send()
    except Exception as error:
        _set_status(
            notification_id,
            [EmailStatus.SENDING],
            email_status=EmailStatus.FAILED,
            email_error=f"{type(error).__name__}: {error}"[:300],
        )
        raise
    _set_status(
        notification_id,
        [EmailStatus.SENDING],
        email_status=EmailStatus.SENT,
        email_sent_at=timezone.now(),
        email_error="",
    )
    return EmailStatus.SENT


class NotResendable(ApplicationError):
    code = "not_resendable"
    default_message = _(
        "Only an e-mail that was sent can be sent again (order e-mails: from the order)."
    )


def resend_email(*, notification: Notification) -> bool:
    """Send a notification's e-mail again (the member lost it): it goes back to waiting and
    through ``deliver`` once more, after commit, in the member's language of now, with their
    consent and preferences checked again. Returns False when it was already waiting again
    (a double click sends once). Raises ``NotResendable`` unless it was sent, and for order
    e-mails, which the orders app sends."""
    if notification.category == Category.ORDERS:
        raise NotResendable()
    if not _set_status(notification.pk, [EmailStatus.SENT], email_status=EmailStatus.PENDING):
        now = Notification.objects.filter(pk=notification.pk).values_list("email_status")
        if now.first() in [(EmailStatus.PENDING,), (EmailStatus.SENDING,)]:
            return False
        raise NotResendable()
    queue_delivery([notification.pk])
    return True


def release_held(*, user) -> int:
    """After the member confirmed their address: queue the emails held for it."""
    held = Notification.objects.filter(member__user=user, email_status=EmailStatus.HELD)
    ids = list(held.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(email_status=EmailStatus.PENDING)
    queue_delivery(ids)
    return len(ids)


def mark_read(*, member: Member, notification_id: int) -> bool:
    """Mark one of the member's own notifications read; False if it is not theirs or was read."""
    return bool(
        Notification.objects.filter(pk=notification_id, member=member, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def mark_all_read(*, member: Member) -> int:
    return Notification.objects.filter(member=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_email_preferences(
    *, member: Member, turned_off: Iterable[str], source: str = "inbox settings"
) -> None:
    """Emails of the optional categories in ``turned_off`` stop; the others are turned on."""
    off = {category for category in turned_off if category in OPTIONAL_CATEGORIES}
    EmailOptOut.objects.filter(member=member).exclude(category__in=off).delete()
    for category in off:
        EmailOptOut.objects.get_or_create(
            member=member, category=category, defaults={"source": source}
        )


class InvalidUnsubscribeLink(Exception):
    pass


def member_for_unsubscribe(token: str) -> tuple[Member, str]:
    """The member and category a link is for; raises ``InvalidUnsubscribeLink``."""
    try:
        member_id, category = read_unsubscribe_token(token)
        return Member.objects.get(pk=member_id), category
    except (signing.BadSignature, Member.DoesNotExist, KeyError, ValueError) as error:
        raise InvalidUnsubscribeLink() from error


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Member, str]:
    """Act on an unsubscribe link (no sign-in: the signed token is the proof).

    Marketing: the marketing consent is withdrawn (a ``ConsentRecord`` with the link as source).
    Points or programme emails: that category is turned off. Idempotent.
    """
    member, category = member_for_unsubscribe(token)
    if category == Category.MARKETING:
        if member.marketing_consent:
            update_profile(member=member, source=UNSUBSCRIBE_SOURCE, marketing_consent=False)
    elif category in OPTIONAL_CATEGORIES:
        EmailOptOut.objects.get_or_create(
            member=member, category=category, defaults={"source": UNSUBSCRIBE_SOURCE}
        )
    logger.info("member %s unsubscribed from %s emails", member.pk, category)
    return member, category
