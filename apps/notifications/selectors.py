"""Reads for the inbox."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator

from apps.members.models import Member

from .content import Message, merchant_templates, message_for
from .models import OPTIONAL_CATEGORIES, Category, EmailOptOut, Notification

PAGE_SIZE = 20


@dataclass(frozen=True)
class InboxItem:
    pk: int
    message: Message
    created_at: datetime
    unread: bool


def unread_count(member: Member | None) -> int:
    if member is None:
        return 0
    return Notification.objects.filter(member=member, read_at__isnull=True).count()


def inbox(member: Member, *, page: str | None = None) -> tuple[Page, list[InboxItem]]:
    """The member's notifications, newest first, 20 a page, worded in the active language.
    Three queries whatever the page holds (count, page, merchant templates)."""
    notifications = Notification.objects.filter(member=member).order_by("-created_at", "-id")
    current = Paginator(notifications, PAGE_SIZE).get_page(page)
    templates = merchant_templates() if current.object_list else {}
    items = [
        InboxItem(
            pk=n.pk,
            message=message_for(n.kind, n.context, template=templates.get(n.kind)),
            created_at=n.created_at,
            unread=n.read_at is None,
        )
        for n in current.object_list
    ]
    return current, items


@dataclass(frozen=True)
class EmailChoice:
    category: str
    label: str
    enabled: bool


def email_choices(member: Member) -> list[EmailChoice]:
    """The optional email categories and whether the member receives them."""
    off = set(EmailOptOut.objects.filter(member=member).values_list("category", flat=True))
    labels = dict(Category.choices)
    return [EmailChoice(c, str(labels[c]), c not in off) for c in OPTIONAL_CATEGORIES]
