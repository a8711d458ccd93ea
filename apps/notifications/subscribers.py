"""Notifications listen to the domain events members are told about (``triggers``).

Each subscriber takes a batch of events per call (a re-evaluation's thousands of tier changes,
an integrator's burst of earns) and records their notifications inside the delivery's
transaction; each email is queued after that commit. Idempotent: a notification is written
once per dedupe key.
"""

from apps.companies.events import CompanyInvitationSent
from apps.core.events import subscriber
from apps.engagement.events import ChallengeCompleted, ReviewModerated
from apps.ledger.events import PointsEarned
from apps.members.events import MemberCreated
from apps.quotes.events import (
    QuoteAccepted,
    QuoteAnswered,
    QuoteDeclined,
    QuoteRequested,
    QuoteRevisionRequested,
)
from apps.rewards.events import RedemptionChanged, ReferralRewarded, RewardRedeemed
from apps.tiers.events import TierChanged

from . import company_invitations, quotes, triggers


@subscriber(MemberCreated, many=True)
def welcome(events: list[MemberCreated]) -> None:
    for event in events:
        triggers.welcome(event)


@subscriber(PointsEarned, many=True)
def tell_points_earned(events: list[PointsEarned]) -> None:
    for event in events:
        triggers.points_earned(event)


@subscriber(TierChanged, many=True)
def tell_tier_changed(events: list[TierChanged]) -> None:
    for event in events:
        triggers.tier_changed(event)


@subscriber(RewardRedeemed, many=True)
def tell_reward_redeemed(events: list[RewardRedeemed]) -> None:
    for event in events:
        triggers.reward_redeemed(event)


@subscriber(RedemptionChanged, many=True)
def tell_reward_shipped(events: list[RedemptionChanged]) -> None:
    for event in events:
        triggers.redemption_changed(event)


@subscriber(ReferralRewarded, many=True)
def tell_referral_rewarded(events: list[ReferralRewarded]) -> None:
    for event in events:
        triggers.referral_rewarded(event)


@subscriber(CompanyInvitationSent)
def email_company_invitation(event: CompanyInvitationSent) -> None:
    # The invitee may be no member yet: an e-mail of its own, not a member's notification.
    company_invitations.send_invitation(invitation_id=event.invitation_id, sends=event.sends)


@subscriber(ReviewModerated, many=True)
def tell_review_moderated(events: list[ReviewModerated]) -> None:
    for event in events:
        triggers.review_moderated(event)


@subscriber(ChallengeCompleted, many=True)
def tell_challenge_completed(events: list[ChallengeCompleted]) -> None:
    for event in events:
        triggers.challenge_completed(event)


# Requests for quotation: e-mails of their own (the staff have no member inbox), one per step.
@subscriber(QuoteRequested)
def email_quote_requested(event: QuoteRequested) -> None:
    quotes.tell_staff(quote_id=event.quote_id, step="requested")


@subscriber(QuoteAnswered)
def email_quote_answered(event: QuoteAnswered) -> None:
    quotes.tell_buyer_answered(quote_id=event.quote_id, revision=event.revision)


@subscriber(QuoteRevisionRequested)
def email_quote_revision_requested(event: QuoteRevisionRequested) -> None:
    quotes.tell_staff(
        quote_id=event.quote_id, step="revision_requested", activity_id=event.activity_id
    )


@subscriber(QuoteDeclined)
def email_quote_declined(event: QuoteDeclined) -> None:
    quotes.tell_staff(quote_id=event.quote_id, step="declined")


# Two subscribers, so each e-mail's key commits with its own delivery: a failure to tell staff
# does not roll back the buyer's key and send the buyer's e-mail again on the retry.
@subscriber(QuoteAccepted)
def email_quote_accepted(event: QuoteAccepted) -> None:
    quotes.tell_buyer_accepted(quote_id=event.quote_id)


@subscriber(QuoteAccepted)
def email_quote_accepted_to_staff(event: QuoteAccepted) -> None:
    quotes.tell_staff(quote_id=event.quote_id, step="accepted")
