"""What a notification says by SMS and by WhatsApp, in the member's language.

The words are the notification's own (``notifications.content.message_for``, the e-mail's
subject and first paragraph, with the merchant's e-mail wording where set); a WhatsApp message
may only be an approved template, so it carries the template's variables instead, filled from
the same facts.
"""

from collections.abc import Mapping

from django.utils import translation
from django.utils.translation import gettext as _

from apps.members.models import Member
from apps.notifications.content import (
    day,
    in_language,
    merchant_templates,
    message_for,
    money,
    number,
)
from apps.notifications.emails import absolute
from apps.notifications.models import Notification

from .models import WhatsAppTemplate

PARAMETERS = ("name", "subject", "points", "tier", "reward", "date", "number", "total", "link")


def sms_body(notification: Notification) -> str:
    """The SMS in the member's preferred language: subject, first paragraph, link, and how to
    stop these messages."""
    member = notification.member
    with translation.override(member.preferred_language):
        message = message_for(
            notification.kind,
            notification.context,
            template=merchant_templates().get(notification.kind),
        )
        lines = [message.subject, *message.paragraphs[:1]]
        if message.action_path:
            lines.append(absolute(message.action_path))
        lines.append(_("Reply STOP to stop these messages."))
    return "\n".join(line for line in lines if line)


def _values(notification: Notification, member: Member) -> dict[str, str]:
    c: Mapping = notification.context
    message = message_for(notification.kind, c)
    points = c.get("points", c.get("balance"))
    return {
        "name": member.user.first_name or member.company_name,
        "subject": message.subject,
        "points": number(points) if points is not None else "",
        "tier": in_language(c.get("tier")),
        "reward": in_language(c.get("reward")),
        "date": day(c.get("last_day")),
        "number": c.get("number", ""),
        "total": money(c.get("total")),
        "link": absolute(message.action_path) if message.action_path else "",
    }


def whatsapp_variables(notification: Notification, template: WhatsAppTemplate) -> dict[str, str]:
    """The template's variables ``{"1": ..., "2": ...}`` in the member's language, in the
    order its parameters name them (the parameters of the member's language, else English)."""
    member = notification.member
    with translation.override(member.preferred_language):
        values = _values(notification, member)
        names = [name.strip() for name in (template.parameters or "").split(",") if name.strip()]
        # WhatsApp refuses an empty variable: a fact this notification lacks is a dash.
        return {str(index): values.get(name) or "-" for index, name in enumerate(names, start=1)}


def whatsapp_template(kind: str, language: str) -> tuple[WhatsAppTemplate | None, str]:
    """The active template for ``kind`` and its content SID in ``language`` (modeltranslation
    falls back to English), or (None, "") when WhatsApp has none approved for it."""
    template = WhatsAppTemplate.objects.filter(kind=kind, is_active=True).first()
    if template is None:
        return None, ""
    with translation.override(language):
        return template, template.content_sid or ""
