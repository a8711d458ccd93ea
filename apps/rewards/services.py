"""Redeeming rewards: the only way points turn into rewards, and back when staff reject one.

Locks, in order: the reward row (stock), then the member's points account (inside the ledger's
``spend``). Stock never oversells: it is checked and decremented under the reward's row lock.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.companies.models import CompanyRole
from apps.companies.selectors import membership_of
from apps.core import events, formatting
from apps.core.errors import ApplicationError
from apps.ledger import reasons
from apps.ledger import services as ledger
from apps.ledger.holders import company_earns
from apps.ledger.selectors import balance
from apps.tiers.selectors import member_tier
from apps.tiers.services import grant_tier_pass

from .events import RedemptionChanged, RewardRedeemed
from .ledger_reasons import REWARD_REDEEMED_REASON, REWARD_REJECTED_REASON, REWARD_VOIDED_REASON
from .models import (
    RETURNED_STATUSES,
    Redemption,
    RedemptionStatus,
    Reward,
    RewardKind,
    new_coupon_code,
)


class NotVoidable(ApplicationError):
    code = "not_voidable"
    default_message = gettext_lazy(
        "This redemption cannot be voided: its coupon was used or the reward was shipped."
    )


class RewardUnavailable(ApplicationError):
    code = "reward_unavailable"
    default_message = gettext_lazy("This reward is not available to you.")


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str = ""
    offered: bool = True  # False: not shown at all (outside its window or the member's market)


def eligibility(
    reward: Reward,
    member,
    *,
    now: datetime | None = None,
    tier=None,
    redeemed: int | None = None,
    available: int | None = None,
) -> Eligibility:
    """Whether ``member`` may redeem ``reward`` now, and if not, why (for the shopper)."""
    now = now or timezone.now()
    if (
        not reward.is_active
        or (reward.starts_at and reward.starts_at > now)
        or (reward.ends_at and reward.ends_at <= now)
    ):
        return Eligibility(False, _("This reward is not available at the moment."), offered=False)
    country = str(member.country)
    if reward.countries and country not in [str(c) for c in reward.countries]:
        return Eligibility(False, _("This reward is not offered in your country."), offered=False)
    if country and country in [str(c) for c in reward.excluded_countries]:
        return Eligibility(False, _("This reward is not offered in your country."), offered=False)
    tiers = list(reward.tiers.all())
    tier = tier if tier is not None else member_tier(member)
    if tiers and tier not in tiers:
        # An exclusive reward is a benefit of its tiers: other members do not see it.
        return Eligibility(
            False,
            _("This reward is for %(tiers)s members.")
            % {"tiers": ", ".join(t.name for t in tiers)},
            offered=False,
        )
    if reward.stock is not None and reward.stock <= 0:
        return Eligibility(False, _("This reward is out of stock."))
    if reward.limit_per_member is not None:
        if redeemed is None:
            redeemed = (
                reward.redemptions.filter(member=member)
                .exclude(status__in=RETURNED_STATUSES)
                .count()
            )
        if redeemed >= reward.limit_per_member:
            return Eligibility(
                False, _("You have already redeemed this reward the maximum number of times.")
            )
    if company_earns() and not _may_redeem_company_points(member):
        return Eligibility(
            False, _("Your company's admin redeems the company's points for rewards.")
        )
    if _pass_below(reward, tier):
        return Eligibility(False, _("You already have this tier or a higher one."))
    available = balance(member).available if available is None else available
    if available < reward.points_cost:
        return Eligibility(
            False,
            _("You need %(missing)s more points.")
            % {"missing": formatting.number(reward.points_cost - available)},
        )
    return Eligibility(True)


def _may_redeem_company_points(member) -> bool:
    """When the company earns, its points go to rewards by its company admin only (buyers spend
    them at checkout); a member of no company redeems their own."""
    membership = membership_of(member)
    return membership is None or membership.role == CompanyRole.ADMIN


def _pass_below(reward: Reward, tier) -> bool:
    """A tier pass for the member's own tier or a lower one (it would give nothing)."""
    return (
        reward.kind == RewardKind.TIER_PASS
        and tier is not None
        and reward.pass_tier is not None
        and tier.rank >= reward.pass_tier.rank
    )


@transaction.atomic
def redeem(*, member, reward: Reward, idempotency_key: str) -> Redemption:
    """Spend the reward's points and create the redemption (coupons get their code at once).

    Raises ``RewardUnavailable`` with the reason when the member may not redeem it (nothing
    changes). The same ``idempotency_key`` returns the first redemption again.
    """
    locked = Reward.objects.select_for_update().get(pk=reward.pk)
    earlier = Redemption.objects.filter(member=member, idempotency_key=idempotency_key).first()
    if earlier is not None:
        if earlier.reward_id != locked.pk:
            raise ApplicationError(_("This request was already used for another reward."))
        return earlier
    verdict = eligibility(locked, member)
    if not verdict.allowed:
        raise RewardUnavailable(verdict.reason)
    redemption = Redemption.objects.create(
        member=member, reward=locked, points=locked.points_cost, idempotency_key=idempotency_key
    )
    ledger.spend(
        member=member,
        points=locked.points_cost,
        reason=reasons.written(REWARD_REDEEMED_REASON, reward=reasons.source_name(locked)),
        idempotency_key=f"redeem:{idempotency_key}",
        source=f"redemption:{redemption.pk}",
    )
    if locked.stock is not None:
        Reward.objects.filter(pk=locked.pk).update(stock=F("stock") - 1)
    if locked.is_coupon:
        redemption.status = RedemptionStatus.APPROVED
        redemption.coupon_code = new_coupon_code()
        redemption.coupon_expires_at = locked.coupon_expiry(redeemed_at=timezone.now())
        redemption.save(update_fields=["status", "coupon_code", "coupon_expires_at"])
    if locked.kind == RewardKind.TIER_PASS:
        _grant_pass(redemption, locked)
    events.publish(RewardRedeemed(member_id=member.pk, redemption_id=redemption.pk))
    return redemption


def _grant_pass(redemption: Redemption, reward: Reward) -> None:
    """A tier pass is fulfilled at once: the tier until its end date (``tiers``)."""
    assert reward.pass_tier is not None and reward.pass_days  # noqa: S101 (the constraint)
    until = timezone.now() + timedelta(days=reward.pass_days)
    grant_tier_pass(member=redemption.member, tier=reward.pass_tier, until=until)
    redemption.status, redemption.pass_until = RedemptionStatus.FULFILLED, until
    redemption.save(update_fields=["status", "pass_until"])


@transaction.atomic
def decide(*, redemption: Redemption, status: str, staff) -> Redemption:
    """Staff move a redemption through fulfilment; rejecting returns points and stock."""
    locked = Redemption.objects.select_for_update().select_related("reward").get(pk=redemption.pk)
    allowed: dict[str, set[str]] = {
        RedemptionStatus.REQUESTED: {RedemptionStatus.APPROVED, RedemptionStatus.REJECTED},
        RedemptionStatus.APPROVED: {RedemptionStatus.FULFILLED, RedemptionStatus.REJECTED},
    }
    if status not in allowed.get(locked.status, set()):
        raise ApplicationError(_("This redemption cannot change to that status."))
    if status == RedemptionStatus.REJECTED:
        if locked.coupon_order_id:
            raise ApplicationError(_("This coupon was already used on an order."))
        ledger.restore(
            member=locked.member,
            source=f"redemption:{locked.pk}",
            reason=reasons.written(
                REWARD_REJECTED_REASON, reward=reasons.source_name(locked.reward)
            ),
            idempotency_key=f"reject:redemption:{locked.pk}",
        )
        if locked.reward.stock is not None:
            Reward.objects.filter(pk=locked.reward_id).update(stock=F("stock") + 1)
    locked.status, locked.decided_by, locked.decided_at = status, staff, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    events.publish(
        RedemptionChanged(member_id=locked.member_id, redemption_id=locked.pk, status=status)
    )
    return locked


VOIDABLE = (RedemptionStatus.REQUESTED, RedemptionStatus.APPROVED)


def voidable(redemption: Redemption) -> bool:
    """Not shipped, rejected or voided, and its coupon (if any) not used on an order."""
    return redemption.status in VOIDABLE and redemption.coupon_order_id is None


@transaction.atomic
def void_redemption(*, redemption: Redemption, reason: str, staff=None) -> Redemption:
    """Undo a redemption whose coupon is unused or whose fulfilment has not started: the
    coupon stops working, the points come back (a new lot per lot they were spent from, with
    that lot's expiry), the stock too, and the member is told (``RedemptionChanged``).

    ``staff`` is who voided it (an API key acts for its creator). Voiding a voided redemption
    again changes nothing. Raises ``NotVoidable`` for a used coupon, a shipped or rejected
    reward.
    """
    locked = Redemption.objects.select_for_update().select_related("reward").get(pk=redemption.pk)
    if locked.status == RedemptionStatus.VOIDED:
        return locked
    if not voidable(locked):
        raise NotVoidable()
    ledger.restore(
        member=locked.member,
        source=f"redemption:{locked.pk}",
        reason=reasons.written(REWARD_VOIDED_REASON, reward=reasons.source_name(locked.reward)),
        idempotency_key=f"void:redemption:{locked.pk}",
        actor=staff,
    )
    if locked.reward.stock is not None:
        Reward.objects.filter(pk=locked.reward_id).update(stock=F("stock") + 1)
    locked.status = RedemptionStatus.VOIDED
    locked.decided_by, locked.decided_at = staff, timezone.now()
    locked.void_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "decided_by", "decided_at", "void_reason"])
    events.publish(
        RedemptionChanged(member_id=locked.member_id, redemption_id=locked.pk, status=locked.status)
    )
    return locked
