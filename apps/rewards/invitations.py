"""The referral link's welcome: who invited the visitor and what both of them get.

Read on the sign-up page while the visitor carries a referral code (``members.referrals``):
the referrer is named by first name or company, never by email address; the points come from
the programme's referral rule (the visitor's share as a newcomer would get it, with what those
points are worth at checkout in the visitor's currency).
"""

from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.ledger.models import RuleKind
from apps.ledger.rules import event_award, newcomer_award
from apps.ledger.selectors import points_value
from apps.members.models import Member
from apps.members.referrals import referrer_for
from apps.tiers.selectors import all_tiers


@dataclass(frozen=True)
class Invitation:
    referrer: str  # first name and/or company (HTML); "" when the member gave neither
    referrer_points: int  # 0: the referrer earns nothing (no rule, or its cap is reached)
    newcomer_points: int  # 0: no referral rule applies to a newcomer
    newcomer_value: Money | None  # what the newcomer's points are worth at checkout


def invitation_for(code: str, *, currency: str) -> Invitation | None:
    """The invitation behind ``code`` (None: unknown code, or the referrer's account is closed)."""
    referrer = referrer_for(code)
    if referrer is None:
        return None
    tiers = all_tiers()
    mine = newcomer_award(RuleKind.REFERRAL, tier=tiers[0] if tiers else None)
    theirs = event_award(referrer, RuleKind.REFERRAL)
    newcomer_points = mine.points if mine else 0
    return Invitation(
        referrer=shown_name(referrer),
        referrer_points=theirs.points if theirs else 0,
        newcomer_points=newcomer_points,
        newcomer_value=points_value(newcomer_points, currency) if newcomer_points else None,
    )


def shown_name(member: Member) -> str:
    """How an invitation names the member (HTML): never their email address. Each name is
    isolated, so a Latin company name keeps its order in an Arabic sentence."""
    first_name, company = member.user.first_name.strip(), member.company_name.strip()
    name, firm = (
        format_html("<bdi>{}</bdi>", text) if text else "" for text in (first_name, company)
    )
    if name and firm:
        sentence = conditional_escape(_("%(name)s from %(company)s"))
        return mark_safe(sentence % {"name": name, "company": firm})  # noqa: S308 - escaped
    return name or firm
