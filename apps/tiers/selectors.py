"""Reads about tiers: a member's tier and their progress to the next one."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from djmoney.money import Money

from apps.catalog.pricing import exchange_rate
from apps.core.selectors import round_to_minor_unit

from .models import Tier, TierStatus
from .services import qualification


def member_tier(member) -> Tier | None:
    status = TierStatus.objects.select_related("tier").filter(member=member).first()
    if status is not None:
        return status.tier
    return Tier.objects.order_by("rank").first()


@dataclass(frozen=True)
class TierProgress:
    tier: Tier | None
    next_tier: Tier | None
    spend: Decimal  # qualifying spend in the base currency, last 12 months
    remaining: Money | None  # still to spend for the next tier, in the member's currency
    percent: int  # 0-100, towards the next tier's spend threshold


def tier_progress(member, *, currency: str, as_of: datetime | None = None) -> TierProgress:
    """Where the member stands: "spend 320 USD more to reach Gold"."""
    as_of = as_of or timezone.now()
    tier = member_tier(member)
    figures = qualification(member, as_of=as_of)
    above = (
        Tier.objects.filter(rank__gt=tier.rank if tier else -1, qualifying_spend__isnull=False)
        .order_by("rank")
        .first()
    )
    if above is None:
        return TierProgress(tier, None, figures.spend, None, 100)
    missing = max(above.qualifying_spend - figures.spend, Decimal(0))
    rate = exchange_rate(settings.BASE_CURRENCY, currency)
    remaining = Money(round_to_minor_unit(missing * rate, currency), currency) if rate else None
    percent = int(min(figures.spend / above.qualifying_spend, 1) * 100)
    return TierProgress(tier, above, figures.spend, remaining, percent)
