"""Reads of paid membership: the member's plan now, their page, the staff's figures."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from djmoney.money import Money

from apps.members.models import Member

from .models import (
    MembershipInvoice,
    Plan,
    PlanPrice,
    Subscription,
    SubscriptionStatus,
)


def benefiting_subscription(member: Member, *, now: datetime | None = None) -> Subscription | None:
    """The subscription whose benefits the member has now (one indexed query), or None."""
    return (
        Subscription.objects.filter(member=member, benefits_until__gt=now or timezone.now())
        .select_related("plan")
        .order_by("-benefits_until")
        .first()
    )


def member_plan(member: Member, *, now: datetime | None = None) -> Plan | None:
    subscription = benefiting_subscription(member, now=now)
    return subscription.plan if subscription else None


def latest_subscription(member: Member) -> Subscription | None:
    return (
        Subscription.objects.filter(member=member)
        .select_related("plan", "price")
        .order_by("-created_at", "-id")
        .first()
    )


def offered_prices(currency: str) -> list[PlanPrice]:
    """The prices of the offered plans in ``currency`` that Stripe knows, plan by plan."""
    return list(
        PlanPrice.objects.filter(plan__is_active=True, currency=currency)
        .exclude(stripe_price_id="")
        .select_related("plan")
        .order_by("plan__position", "plan_id", "interval")
    )


def invoices_of(member: Member, *, limit: int = 24) -> list[MembershipInvoice]:
    return list(
        MembershipInvoice.objects.filter(subscription__member=member).order_by(
            "-period_start", "-id"
        )[:limit]
    )


@dataclass(frozen=True)
class MembershipSummary:
    subscribers: int  # giving benefits now
    past_due: int
    mrr: list[Money]  # per currency
    started: int  # in the window
    churned: int  # ended in the window
    churn_rate: Decimal | None  # churned / subscribers at the window's start, percent
    days: int


def summary(*, now: datetime | None = None, days: int = 30) -> MembershipSummary:
    """Subscribers, monthly recurring revenue per currency (yearly prices / 12) and churn over
    the last ``days`` days."""
    now = now or timezone.now()
    start = now - timedelta(days=days)
    current = Subscription.objects.filter(benefits_until__gt=now).select_related("price")
    mrr: dict[str, Decimal] = {}
    for subscription in current:
        if subscription.status == SubscriptionStatus.ENDED or subscription.cancel_at_period_end:
            continue  # no more revenue from it
        price = subscription.price
        mrr[price.currency] = mrr.get(price.currency, Decimal(0)) + price.monthly_amount
    at_start = (
        Subscription.objects.filter(created_at__lt=start)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
        .count()
    )
    churned = Subscription.objects.filter(ended_at__gte=start, ended_at__lt=now).count()
    return MembershipSummary(
        subscribers=len(current),
        past_due=sum(1 for s in current if s.status == SubscriptionStatus.PAST_DUE),
        mrr=[Money(amount.quantize(Decimal("0.01")), cur) for cur, amount in sorted(mrr.items())],
        started=Subscription.objects.filter(created_at__gte=start, created_at__lt=now).count(),
        churned=churned,
        churn_rate=(Decimal(churned * 100) / at_start).quantize(Decimal("0.1"))
        if at_start
        else None,
        days=days,
    )
