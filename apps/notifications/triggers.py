"""Domain events that members are told about, each with the key that makes it one notification.

| event                       | kind                         | dedupe key                       |
|-----------------------------|------------------------------|----------------------------------|
| member.created              | welcome                      | welcome:<member>                 |
| points.earned               | points_earned                | points.earned:<entry>            |
| tier.changed                | tier_up / tier_down          | tier:<tier change>               |
| reward.redeemed             | reward_redeemed              | reward.redeemed:<redemption>     |
| reward.redemption_changed   | reward_shipped (fulfilled)   | reward.fulfilled:<redemption>    |
| reward.redemption_changed   | reward_voided (voided)       | reward.voided:<redemption>       |
| referral.rewarded           | referral_rewarded (referrer) | referral:<referral>              |
| challenge.completed         | challenge_done               | challenge:<completion>           |
| review.moderated            | review_approved/_rejected/_removed | review.<status>:<review>:<n> |

Points credited by a bonus that has its own message (birthday, the referrer's referral reward,
an approved review) are told in that message, not a second time as "points credited".
"""

from apps.engagement.events import ChallengeCompleted, ReviewModerated
from apps.engagement.models import ChallengeCompletion, Review, ReviewStatus
from apps.engagement.services import review_ledger_key
from apps.ledger.events import PointsEarned
from apps.ledger.models import EntryKind, LedgerEntry, RuleKind
from apps.members.events import MemberCreated
from apps.members.models import Member
from apps.rewards.events import RedemptionChanged, ReferralRewarded, RewardRedeemed
from apps.rewards.models import Redemption, RedemptionStatus
from apps.tiers.events import TierChanged
from apps.tiers.models import Tier, TierChange

from .content import names_of
from .models import Kind
from .services import notify

OWN_MESSAGE_SOURCES = ("birthday:", "review:", "challenge:")


def welcome(event: MemberCreated) -> None:
    member = Member.objects.get(pk=event.member_id)
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


def points_earned(event: PointsEarned) -> None:
    entry = LedgerEntry.objects.select_related("account__member", "member", "rule").get(
        pk=event.entry_id
    )
    # The member who earned them: on a company's account, the buyer.
    member = entry.member or entry.account.member
    if _told_elsewhere(entry) or member is None:
        return
    lot = entry.lots.first()
    pending = lot is not None and lot.available_at > entry.created_at
    notify(
        member=member,
        kind=Kind.POINTS_EARNED,
        dedupe_key=f"points.earned:{entry.pk}",
        context={
            "points": entry.points,
            "reason": names_of(entry.rule) if entry.rule else "",
            "available_on": lot.available_at.date().isoformat() if lot and pending else None,
        },
    )


def tier_changed(event: TierChanged) -> None:
    change = TierChange.objects.select_related("to_tier", "member").get(pk=event.change_id)
    lowest = Tier.objects.order_by("rank").values_list("pk", flat=True).first()
    if event.from_tier is None and event.to_tier == lowest:
        return  # joining the entry tier is not news
    notify(
        member=change.member,
        kind=Kind.TIER_UP if event.upgrade else Kind.TIER_DOWN,
        dedupe_key=f"tier:{change.pk}",
        context={"tier": names_of(change.to_tier)},
    )


def reward_redeemed(event: RewardRedeemed) -> None:
    redemption = Redemption.objects.select_related("reward", "member").get(pk=event.redemption_id)
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


def redemption_changed(event: RedemptionChanged) -> None:
    if event.status == RedemptionStatus.VOIDED:
        redemption_voided(event)
    if event.status != RedemptionStatus.FULFILLED:
        return
    redemption = Redemption.objects.select_related("reward", "member").get(pk=event.redemption_id)
    notify(
        member=redemption.member,
        kind=Kind.REWARD_SHIPPED,
        dedupe_key=f"reward.fulfilled:{redemption.pk}",
        context={"reward": names_of(redemption.reward)},
    )


def redemption_voided(event: RedemptionChanged) -> None:
    redemption = Redemption.objects.select_related("reward", "member").get(pk=event.redemption_id)
    notify(
        member=redemption.member,
        kind=Kind.REWARD_VOIDED,
        dedupe_key=f"reward.voided:{redemption.pk}",
        context={
            "reward": names_of(redemption.reward),
            "points": redemption.points,
            "reason": redemption.void_reason,
        },
    )


def referral_rewarded(event: ReferralRewarded) -> None:
    referrer = Member.objects.get(pk=event.referrer_id)
    referred = Member.objects.get(pk=event.referred_id)
    entry = LedgerEntry.objects.filter(
        account__member=referrer, source=f"referral:{event.referred_id}:referrer"
    ).first()
    notify(
        member=referrer,
        kind=Kind.REFERRAL_REWARDED,
        dedupe_key=f"referral:{event.referral_id}",
        context={
            "partner": referred.company_name,  # never their email: that is theirs to share
            "points": entry.points if entry else None,
        },
    )


REVIEW_KINDS: dict[str, Kind] = {
    ReviewStatus.APPROVED: Kind.REVIEW_APPROVED,
    ReviewStatus.REJECTED: Kind.REVIEW_REJECTED,
    ReviewStatus.REMOVED: Kind.REVIEW_REMOVED,
}


def review_moderated(event: ReviewModerated) -> None:
    """Approved (with the points it earned), rejected or removed (with the reason and the
    points taken back). A review rejected, written again and rejected again is told twice: the
    key counts the review's notifications of that kind."""
    kind = REVIEW_KINDS.get(event.status)
    review = Review.objects.select_related("member", "product").filter(pk=event.review_id).first()
    if kind is None or review is None or review.status != event.status:
        return  # moderated again since: the later event tells
    entries = LedgerEntry.objects.filter(account__member=review.member)
    points = 0
    if kind == Kind.REVIEW_APPROVED:
        earned = entries.filter(
            idempotency_key=f"{RuleKind.REVIEW}:{review_ledger_key(review)}"
        ).first()
        points = earned.points if earned else 0
    elif kind == Kind.REVIEW_REMOVED:
        taken = entries.filter(
            idempotency_key=f"review-removed:{review.pk}", kind=EntryKind.CLAWBACK
        ).first()
        points = abs(taken.points) if taken else 0
    moderated = review.moderated_at.isoformat() if review.moderated_at else ""
    notify(
        member=review.member,
        kind=kind,
        dedupe_key=f"review.{event.status}:{review.pk}:{moderated}",
        context={
            "product": names_of(review.product),
            "points": points,
            "reason": review.moderation_reason,
            "product_id": review.product_id,
        },
    )


def challenge_completed(event: ChallengeCompleted) -> None:
    completion = (
        ChallengeCompletion.objects.select_related("member", "challenge")
        .filter(pk=event.completion_id)
        .first()
    )
    if completion is None:
        return
    notify(
        member=completion.member,
        kind=Kind.CHALLENGE_COMPLETED,
        dedupe_key=f"challenge:{completion.pk}",
        context={"challenge": names_of(completion.challenge), "points": completion.points},
    )
