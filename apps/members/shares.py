"""Share to earn: a member's share links for a page (LinkedIn, Facebook, WhatsApp, e-mail, a
copied link), each carrying the member's referral code and the channel, and the count of
visits through them.

A share link is ``/r/<code>/?via=<channel>&next=<page>``: the visitor lands on the page with
the code and channel kept in the session (``members.referrals``). A visit is only counted: the
sharer is rewarded by the referral rule when the visitor signs up and pays a first order, as
for any referral (``apps.rewards.referrals``), and the referral records the channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import Member, ShareChannel, ShareVisit

# The channels a member shares to from a page, in the order they are offered.
OFFERED = (
    ShareChannel.LINKEDIN,
    ShareChannel.FACEBOOK,
    ShareChannel.WHATSAPP,
    ShareChannel.EMAIL,
    ShareChannel.COPIED,
)


@dataclass(frozen=True)
class ShareLink:
    channel: str
    label: str  # the button's text ("Share on LinkedIn")
    href: str  # where the button goes (the network's share dialog, mailto:, or the link)
    url: str  # the link that is shared (with the code and the channel)


def shared_url(request, member: Member, *, channel: str, next_path: str = "") -> str:
    """The absolute link that brings a visitor to ``next_path`` through ``member``'s code."""
    query = {"via": channel}
    if next_path:
        query["next"] = next_path
    path = reverse("members:referral_link", kwargs={"code": member.referral_code})
    return request.build_absolute_uri(f"{path}?{urlencode(query)}")


def share_links(
    request, member: Member, *, next_path: str = "", title: str = ""
) -> list[ShareLink]:
    """The member's share buttons for the page at ``next_path`` (the sign-up page when empty)."""
    links = []
    for channel in OFFERED:
        url = shared_url(request, member, channel=channel, next_path=next_path)
        text = f"{title} {url}".strip()
        href = {
            ShareChannel.LINKEDIN: "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": url}),
            ShareChannel.FACEBOOK: "https://www.facebook.com/sharer/sharer.php?"
            + urlencode({"u": url}),
            ShareChannel.WHATSAPP: "https://wa.me/?" + urlencode({"text": text}),
            ShareChannel.EMAIL: f"mailto:?subject={quote(title)}&body={quote(text)}",
        }.get(channel, url)
        label = (
            _("Send by e-mail")
            if channel == ShareChannel.EMAIL
            else _("Copy link")
            if channel == ShareChannel.COPIED
            else _("Share on %(network)s") % {"network": ShareChannel(channel).label}
        )
        links.append(ShareLink(channel, label, href, url))
    return links


def safe_next(request, next_path: str) -> str:
    """``next_path`` when it is a page of this site (a relative path), else ""."""
    if not next_path or not next_path.startswith("/") or next_path.startswith("//"):
        return ""
    allowed = url_has_allowed_host_and_scheme(
        next_path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_path if allowed else ""


def count_visit(*, referrer: Member, channel: str) -> None:
    """One more visit through ``referrer``'s link on ``channel`` today (one upsert)."""
    if channel not in ShareChannel.values:
        channel = ShareChannel.LINK
    table = ShareVisit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (referrer_id, channel, day, visits) VALUES (%s, %s, %s, 1)
            ON CONFLICT (referrer_id, channel, day) DO UPDATE SET visits = {table}.visits + 1
            """,  # noqa: S608 - the table name is ours
            [referrer.pk, channel, timezone.localdate()],
        )
