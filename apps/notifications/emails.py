"""A notification as an email: HTML and plain text in the member's language, with a signed
unsubscribe link (no sign-in needed) in the footer and in the ``List-Unsubscribe`` headers."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .content import merchant_templates, message_for
from .models import Category, Notification

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(*, member_id: int, category: str) -> str:
    """A token that lets whoever holds the email stop that category, and nothing else."""
    return signing.dumps({"member": member_id, "category": category}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(member id, category); raises ``signing.BadSignature`` for a forged or damaged token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if data.get("category") not in Category.values:
        raise signing.BadSignature("unknown category")
    return int(data["member"]), data["category"]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The email for ``notification`` in its member's preferred language."""
    member = notification.member
    with translation.override(member.preferred_language):
        message = message_for(
            notification.kind,
            notification.context,
            template=merchant_templates().get(notification.kind),
        )
        token = unsubscribe_token(member_id=member.pk, category=notification.category)
        unsubscribe_url = absolute(reverse("members:unsubscribe", kwargs={"token": token}))
        context = {
            "message": message,
            "action_url": absolute(message.action_path) if message.action_path else "",
            "unsubscribe_url": unsubscribe_url,
            "inbox_url": absolute(reverse("members:inbox")),
            "category": notification.category,
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
        }
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=render_to_string("notifications/email/message.txt", context),
            to=[member.user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
                "Content-Language": translation.get_language(),
            },
        )
        email.attach_alternative(
            render_to_string("notifications/email/message.html", context), "text/html"
        )
    return email
