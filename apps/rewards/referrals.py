"""The referral reward: when a referred buyer's first order is paid, the ledger's referral rule
rewards both sides, once (the referral itself is the members app's, ``members.referrals``)."""

from django.db import transaction
from django.utils import timezone

from apps.core import events
from apps.ledger.bonuses import award_event
from apps.ledger.models import RuleKind
from apps.members.models import Member, Referral, ReferralStatus

from .events import ReferralRewarded


@transaction.atomic
def reward_first_order(*, referred: Member) -> Referral | None:
    """After the referred buyer's first paid order: the referral rule rewards both, once."""
    referral = (
        Referral.objects.select_for_update()
        .filter(referred=referred, status=ReferralStatus.SIGNED_UP)
        .first()
    )
    if referral is None:
        return None
    award_event(member=referral.referrer, kind=RuleKind.REFERRAL, key=f"{referred.pk}:referrer")
    award_event(member=referred, kind=RuleKind.REFERRAL, key=f"{referred.pk}:referred")
    referral.status, referral.rewarded_at = ReferralStatus.REWARDED, timezone.now()
    referral.save(update_fields=["status", "rewarded_at"])
    events.publish(
        ReferralRewarded(
            referral_id=referral.pk, referrer_id=referral.referrer_id, referred_id=referred.pk
        )
    )
    return referral
