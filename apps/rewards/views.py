"""Rewards in the member center: browse, redeem, my redemptions."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ApplicationError
from apps.ledger.selectors import balance
from apps.members.views import current_member
from apps.tiers.selectors import member_tier

from .models import Redemption, RedemptionStatus, Reward
from .services import eligibility, redeem


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
            "redemptions": Redemption.objects.filter(member=member).select_related("reward")[:20],
            "section": "rewards",
            "token": uuid.uuid4().hex,
        },
    )


@login_required
@require_POST
def redeem_reward(request: HttpRequest, pk: int) -> HttpResponse:
    member = current_member(request)
    reward = get_object_or_404(Reward, pk=pk)
    key = request.POST.get("token", "")[:64] or uuid.uuid4().hex
    try:
        redemption = redeem(member=member, reward=reward, idempotency_key=f"web:{key}")
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if redemption.coupon_code:
            # The code in its own left-to-right, unbreakable box: an Arabic sentence must not
            # reorder it or wrap it at its hyphen.
            code = format_html(
                '<code dir="ltr" class="coupon-code">{}</code>', redemption.coupon_code
            )
            text = conditional_escape(_("Redeemed! Your coupon code is %(code)s."))
            messages.success(request, mark_safe(text % {"code": code}))  # noqa: S308 - escaped
        else:
            messages.success(request, _("Redeemed! We will let you know when it is on its way."))
    return redirect("rewards:list")
