"""Referrals: a member's link, the sign-up it brings, and the reward for both sides.

The referral code travels in the session from the link (``/r/<code>/``, or a shared product's
``/r/<code>/?via=<channel>&next=<page>``: ``members.shares``) to sign-up, with the channel. Refused:
referring yourself, and the same buyer under a second account (same VAT id, phone or email
domain of a company address as the referrer). Both sides are rewarded through the ledger's
referral rule when the referred buyer's first order is paid (``apps.rewards.referrals``).
"""

from django.db import transaction
from django.utils.translation import gettext_noop

from .models import Member, Referral, ReferralStatus, ShareChannel

# Why a referral was refused, kept as source text for staff (``apps.core.system_notes``).
SAME_BUYER = gettext_noop("Looks like the same buyer")

SESSION_KEY = "referral_code"
CHANNEL_SESSION_KEY = "referral_channel"
PUBLIC_MAIL_DOMAINS = {
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "qq.com",
    "163.com",
    "icloud.com",
    "mail.ru",
    "yandex.ru",
    "example.com",
}


def _looks_like_same_buyer(referrer: Member, referred: Member) -> bool:
    same = [
        referrer.vat_id and referrer.vat_id == referred.vat_id,
        referrer.phone and referrer.phone == referred.phone,
    ]
    domains = {m.user.email.rsplit("@", 1)[-1].lower() for m in (referrer, referred)}
    same.append(len(domains) == 1 and not domains & PUBLIC_MAIL_DOMAINS)
    return any(same)


def referrer_for(code: str) -> Member | None:
    """The member whose referral code this is, if their account is open (a deleted or
    deactivated member's link no longer refers anyone)."""
    return (
        Member.objects.select_related("user")
        .filter(referral_code=code, closed_at__isnull=True, user__is_active=True)
        .first()
    )


@transaction.atomic
def record_referral(
    *, referred: Member, code: str, channel: str = ShareChannel.LINK
) -> Referral | None:
    """Link a newly registered member to the member whose code brought them (once), through
    ``channel`` (where the link was shared; an unknown one counts as the plain link)."""
    referrer = referrer_for(code)
    if referrer is None or hasattr(referred, "referred_by"):
        return None
    if referrer.pk == referred.pk:
        return None
    refused = _looks_like_same_buyer(referrer, referred)
    return Referral.objects.create(
        referrer=referrer,
        referred=referred,
        status=ReferralStatus.REFUSED if refused else ReferralStatus.SIGNED_UP,
        note=SAME_BUYER if refused else "",
        channel=channel if channel in ShareChannel.values else ShareChannel.LINK,
    )


def record_referral_from_session(request, member: Member) -> Referral | None:
    """At sign-up: a visitor who came through a referral link is linked to that member."""
    if request is None:
        return None
    code = request.session.pop(SESSION_KEY, None)
    channel = request.session.pop(CHANNEL_SESSION_KEY, None) or ShareChannel.LINK
    return record_referral(referred=member, code=code, channel=channel) if code else None
