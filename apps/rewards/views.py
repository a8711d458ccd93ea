"""Rewards in the member center: browse, confirm and redeem, my redemptions.

Redeeming takes two steps that work without JavaScript: the reward's confirmation page (what
it costs, the balance after, a coupon's value and expiry) and its form, whose token is the
redemption's idempotency key: sending the same confirmation twice (a double click, a second tab,
"back" and send again) redeems once and shows the first redemption.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.core.errors import ApplicationError
from apps.currencies.selectors import convert
from apps.ledger.dates import member_zone
from apps.ledger.selectors import balance
from apps.members.views import current_member
from apps.tiers.selectors import member_tier

from .models import Redemption, RedemptionStatus, Reward, RewardKind
from .services import eligibility, redeem


def confirmation_token(member, reward: Reward) -> str:
    """The confirmation form's token, and so the redemption's idempotency key: the same on
    every confirmation page of this reward shown until the member redeems it (two tabs, the
    form sent twice: one redemption); pages shown after that carry a new one (and show the new
    balance), so redeeming the same reward again is a deliberate second step."""
    done = Redemption.objects.filter(member=member, reward=reward).count()
    return salted_hmac(__name__, f"{member.pk}:{reward.pk}:{done}").hexdigest()[:32]


@login_required
def reward_list(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    tier = member_tier(member)
    available = balance(member).available
    redeemed = dict(
        Redemption.objects.filter(member=member)
        .exclude(status=RedemptionStatus.REJECTED)
        .values("reward")
        .annotate(n=Count("id"))
        .values_list("reward", "n")
    )
    rewards = Reward.objects.filter(is_active=True).prefetch_related("tiers")
    now = timezone.now()
    mine = Redemption.objects.filter(member=member).select_related("reward")[:20]
    offers = []
    for reward in rewards:
        verdict = eligibility(
            reward, member, tier=tier, redeemed=redeemed.get(reward.pk, 0), available=available
        )
        if verdict.offered:
            offers.append((reward, verdict))
    return render(
        request,
        "rewards/list.html",
        {
            "offers": offers,
            "available": available,
            "redemptions": [(r, r.coupon_usable(now=now)) for r in mine],
            "zone": member_zone(member),
            "section": "rewards",
        },
    )


@login_required
def redeem_reward(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page. POST (its form): redeem once per token."""
    member = current_member(request)
    reward = get_object_or_404(Reward, pk=pk)
    if request.method != "POST":
        return _confirmation(request, member, reward)
    token = request.POST.get("token", "")
    key = f"web:{token}"
    # The token is checked before looking for an earlier redemption with it: when the same
    # form is sent twice at once (a double click), the other request may commit between the
    # two reads, and then the token no longer matches but the redemption is found.
    current = constant_time_compare(token, confirmation_token(member, reward))
    earlier = Redemption.objects.filter(member=member, idempotency_key=key).first()
    if earlier is not None and earlier.reward_id == reward.pk:
        messages.info(request, _("You already redeemed this reward; your points were spent once."))
        return redirect("rewards:redemption", pk=earlier.pk)
    if not current:
        return _confirmation(request, member, reward)  # not (or no longer) this page's form
    try:
        redemption = redeem(member=member, reward=reward, idempotency_key=key)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("rewards:list")
    if redemption.coupon_code:
        messages.success(request, _("Redeemed! Your coupon is ready to use at checkout."))
    else:
        messages.success(request, _("Redeemed! We will let you know when it is on its way."))
    return redirect("rewards:redemption", pk=redemption.pk)


def _confirmation(request: HttpRequest, member, reward: Reward) -> HttpResponse:
    available = balance(member).available
    verdict = eligibility(reward, member, available=available)
    if not verdict.offered:
        messages.error(request, verdict.reason)
        return redirect("rewards:list")
    return render(
        request,
        "rewards/confirm.html",
        {
            "reward": reward,
            "verdict": verdict,
            "available": available,
            "after": available - reward.points_cost,
            "coupon_value": _coupon_value(reward, request.currency),  # type: ignore[attr-defined]  # CurrencyMiddleware
            "coupon_expires_at": reward.coupon_expiry(redeemed_at=timezone.now()),
            "zone": member_zone(member),
            "token": confirmation_token(member, reward),
            "section": "rewards",
        },
    )


def _coupon_value(reward: Reward, currency: str) -> Money | None:
    """A fixed-amount coupon's value in the shopper's currency (None: not one, or no rate)."""
    if reward.kind != RewardKind.COUPON_AMOUNT or reward.coupon_amount is None:
        return None
    try:
        return convert(Money(reward.coupon_amount, settings.BASE_CURRENCY), currency)
    except ApplicationError:
        return Money(reward.coupon_amount, settings.BASE_CURRENCY)


@login_required
def redemption_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One of my redemptions: a coupon's code, expiry and "use at checkout"; or its status."""
    member = current_member(request)
    redemption = get_object_or_404(
        Redemption.objects.select_related("reward", "coupon_order"), pk=pk, member=member
    )
    return render(
        request,
        "rewards/redemption.html",
        {
            "redemption": redemption,
            "reward": redemption.reward,
            "usable": redemption.coupon_usable(now=timezone.now()),
            "available": balance(member).available,
            "coupon_value": _coupon_value(redemption.reward, request.currency),  # type: ignore[attr-defined]  # CurrencyMiddleware
            "zone": member_zone(member),
            "section": "rewards",
        },
    )
