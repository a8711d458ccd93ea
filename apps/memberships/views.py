"""The member center's membership page: plans, subscribing through Stripe Checkout, the current
plan, its next charge and invoices, and Stripe's customer portal to manage or cancel it."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.catalog.pricing import request_pricing
from apps.core.errors import ApplicationError
from apps.members.views import current_member

from . import billing
from .benefits import benefit_texts
from .models import Interval, Plan, PlanPrice, SubscriptionStatus
from .selectors import invoices_of, latest_subscription, offered_prices
from .services import portal_url, start_subscription


@dataclass
class PlanOffer:
    plan: Plan
    prices: list[PlanPrice] = field(default_factory=list)

    @property
    def benefits(self) -> list[str]:
        return benefit_texts(self.plan)


@login_required
def membership(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    now = timezone.now()
    currency = request_pricing(request).currency
    offers: dict[int, PlanOffer] = {}
    for price in offered_prices(currency):
        offers.setdefault(price.plan_id, PlanOffer(plan=price.plan)).prices.append(price)
    subscription = latest_subscription(member)
    active = subscription is not None and subscription.gives_benefits(now)
    if request.GET.get("subscribed") and not active:
        messages.info(
            request,
            _("Thank you. Your membership starts as soon as Stripe confirms the payment."),
        )
    renews = bool(
        active
        and subscription
        and subscription.status == SubscriptionStatus.ACTIVE
        and not subscription.cancel_at_period_end
    )
    return render(
        request,
        "memberships/membership.html",
        {
            "offers": list(offers.values()),
            "subscription": subscription,
            "active": active,
            "renews": renews,
            "past_due": active
            and subscription is not None
            and subscription.status == SubscriptionStatus.PAST_DUE,
            "invoices": invoices_of(member),
            "can_manage": hasattr(member, "billing_customer"),
            # Without Stripe set up the plans are shown, not sold; the merchant is told how.
            "billing_ready": billing.configured(),
            "setup_hint": settings.DEBUG or request.user.is_staff,
            "monthly": Interval.MONTH,
            "section": "membership",
        },
    )


@login_required
@require_POST
def subscribe(request: HttpRequest, price_id: int) -> HttpResponse:
    member = current_member(request)
    price = get_object_or_404(PlanPrice.objects.select_related("plan"), pk=price_id)
    page = reverse("members:membership")
    try:
        url = start_subscription(
            member=member,
            price=price,
            success_url=request.build_absolute_uri(f"{page}?subscribed=1"),
            cancel_url=request.build_absolute_uri(page),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(page)
    return redirect(url)


@login_required
@require_POST
def manage(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    page = reverse("members:membership")
    try:
        url = portal_url(member=member, return_url=request.build_absolute_uri(page))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(page)
    return redirect(url)
