"""What rewards announce (``services``, ``referrals``)."""

from apps.core.events import Event, declare


@declare("reward.redeemed")
class RewardRedeemed(Event):
    """A member spent points on a reward; coupons have their code already."""

    member_id: int
    redemption_id: int


@declare("reward.redemption_changed")
class RedemptionChanged(Event):
    """Staff moved a redemption on (approved, fulfilled, or rejected or voided with its points
    back)."""

    member_id: int
    redemption_id: int
    status: str


@declare("referral.rewarded")
class ReferralRewarded(Event):
    """A referred buyer's first order was paid and both sides got the referral reward."""

    referral_id: int
    referrer_id: int
    referred_id: int
