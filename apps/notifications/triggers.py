"""Domain events that members are told about, each with the key that makes it one notification.

| event                       | kind                         | dedupe key                       |
|-----------------------------|------------------------------|----------------------------------|
| member.created              | welcome                      | welcome:<member>                 |
| points.earned               | points_earned                | points.earned:<entry>            |
| tier.changed                | tier_up / tier_down          | tier:<tier change>               |
| reward.redeemed             | reward_redeemed              | reward.redeemed:<redemption>     |
| reward.redemption_changed   | reward_shipped (fulfilled)   | reward.fulfilled:<redemption>    |
| referral.rewarded           | referral_rewarded (referrer) | referral:<referral>              |

Points credited by a bonus that has its own message (birthday, the referrer's referral reward)
are told in that message, not a second time as "points credited".
"""

from collections.abc import Callable

from apps.core import events
from apps.ledger.models import LedgerEntry
from apps.ledger.services import POINTS_EARNED
from apps.members.models import Member
from apps.members.referrals import REFERRAL_REWARDED
from apps.rewards.services import REDEMPTION_CHANGED, REWARD_REDEEMED
from apps.tiers.services import TIER_CHANGED

from .content import names_of
from .models import Kind
from .services import notify

OWN_MESSAGE_SOURCES = ("birthday:",)


def _welcome(*, member_id: int, **_payload) -> None:
    member = Member.objects.get(pk=member_id)
    notify(
        member=member,
        kind=Kind.WELCOME,
        dedupe_key=f"welcome:{member.pk}",
        context={"name": member.company_name},
    )


def _told_elsewhere(entry: LedgerEntry) -> bool:
    return entry.source.startswith(OWN_MESSAGE_SOURCES) or (
        entry.source.startswith("referral:") and entry.source.endswith(":referrer")
    )


def _points_earned(*, member_id: int, entry_id: int, **_payload) -> None:
    entry = LedgerEntry.objects.select_related("account__member", "rule").get(pk=entry_id)
    if _told_elsewhere(entry):
        return
    lot = entry.lots.first()
    pending = lot is not None and lot.available_at > entry.created_at
    notify(
        member=entry.account.member,
        kind=Kind.POINTS_EARNED,
        dedupe_key=f"points.earned:{entry.pk}",
        context={
            "points": entry.points,
            "reason": names_of(entry.rule) if entry.rule else "",
            "available_on": lot.available_at.date().isoformat() if pending else None,
        },
    )


def _tier_changed(*, member_id: int, to_tier: int, upgrade: bool, from_tier=None, **_p) -> None:
    from apps.tiers.models import Tier, TierChange

    change = (
        TierChange.objects.filter(member_id=member_id, to_tier_id=to_tier)
        .select_related("to_tier", "member")
        .order_by("-created_at", "-id")
        .first()
    )
    lowest = Tier.objects.order_by("rank").values_list("pk", flat=True).first()
    if change is None or (from_tier is None and to_tier == lowest):
        return  # joining the entry tier is not news
    notify(
        member=change.member,
        kind=Kind.TIER_UP if upgrade else Kind.TIER_DOWN,
        dedupe_key=f"tier:{change.pk}",
        context={"tier": names_of(change.to_tier)},
    )


def _reward_redeemed(*, redemption_id: int, **_payload) -> None:
    from apps.rewards.models import Redemption

    redemption = Redemption.objects.select_related("reward", "member").get(pk=redemption_id)
    notify(
        member=redemption.member,
        kind=Kind.REWARD_REDEEMED,
        dedupe_key=f"reward.redeemed:{redemption.pk}",
        context={
            "reward": names_of(redemption.reward),
            "points": redemption.points,
            "coupon_code": redemption.coupon_code,
            "coupon_expires_on": (
                redemption.coupon_expires_at.date().isoformat()
                if redemption.coupon_expires_at
                else None
            ),
        },
    )


def _redemption_changed(*, redemption_id: int, status: str = "", **_payload) -> None:
    from apps.rewards.models import Redemption, RedemptionStatus

    if status != RedemptionStatus.FULFILLED:
        return
    redemption = Redemption.objects.select_related("reward", "member").get(pk=redemption_id)
    notify(
        member=redemption.member,
        kind=Kind.REWARD_SHIPPED,
        dedupe_key=f"reward.fulfilled:{redemption.pk}",
        context={"reward": names_of(redemption.reward)},
    )


def _referral_rewarded(*, referral_id: int, referrer_id: int, referred_id: int, **_p) -> None:
    referrer = Member.objects.get(pk=referrer_id)
    referred = Member.objects.get(pk=referred_id)
    entry = LedgerEntry.objects.filter(
        account__member=referrer, source=f"referral:{referred_id}:referrer"
    ).first()
    notify(
        member=referrer,
        kind=Kind.REFERRAL_REWARDED,
        dedupe_key=f"referral:{referral_id}",
        context={
            "partner": referred.company_name,  # never their email: that is theirs to share
            "points": entry.points if entry else None,
        },
    )


HANDLERS: dict[str, Callable[..., None]] = {
    events.MEMBER_CREATED: _welcome,
    POINTS_EARNED: _points_earned,
    TIER_CHANGED: _tier_changed,
    REWARD_REDEEMED: _reward_redeemed,
    REDEMPTION_CHANGED: _redemption_changed,
    REFERRAL_REWARDED: _referral_rewarded,
}


def record(event: str, payload: dict) -> None:
    """Turn one delivered domain event into its notification (idempotent by its key)."""
    HANDLERS[event](**payload)
