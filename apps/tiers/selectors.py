"""Reads about tiers: a member's tier and their progress to the next one."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.utils import timezone
from djmoney.money import Money

from apps.companies.models import CompanyMember
from apps.core.cache import ProcessMemo
from apps.core.sql import execute_prepared
from apps.currencies.selectors import from_base
from apps.ledger.holders import Holder, company_earns, holder_of
from apps.ledger.selectors import (
    BALANCE_SQL,
    Balance,
    balance_from_row,
    balance_parameters,
    holder_balance,
)
from apps.members.models import Member

from .models import Tier, TierStatus
from .services import TIER_AND_SPEND_SQL, tier_and_spend, tier_and_spend_parameters

TIERS_CACHE_SECONDS = 5
_tiers_cache: ProcessMemo[list[Tier]] = ProcessMemo(TIERS_CACHE_SECONDS)


def all_tiers() -> list[Tier]:
    """Every tier, lowest rank first. Tiers change rarely: each process re-reads them at most
    every few seconds (at once after a change it made itself), as it does the programme row."""
    return _tiers_cache.get(lambda: list(Tier.objects.order_by("rank")))


def forget_cached_tiers(**_signal) -> None:
    _tiers_cache.forget()


def member_tier(member) -> Tier | None:
    """The member's tier (the lowest one until they have a status). One small query."""
    tier_id = TierStatus.objects.filter(member=member).values_list("tier_id", flat=True).first()
    return _tier(tier_id)


def _tier(tier_id: int | None) -> Tier | None:
    tiers = all_tiers()
    if tier_id is None:
        return tiers[0] if tiers else None
    found = next((tier for tier in tiers if tier.pk == tier_id), None)
    return found if found is not None else Tier.objects.get(pk=tier_id)


@dataclass(frozen=True)
class TierProgress:
    tier: Tier | None
    next_tier: Tier | None
    spend: Decimal  # qualifying spend in the base currency, last 12 months
    remaining: Money | None  # still to spend for the next tier, in the member's currency
    percent: int  # 0-100, towards the next tier's spend threshold


def tier_progress(member, *, currency: str, as_of: datetime | None = None) -> TierProgress:
    """Where the member stands: "spend 320 USD more to reach Gold" (their company's spend when
    the company earns)."""
    holder = holder_of(member)
    tier_id, spend = tier_and_spend(
        member.pk, as_of=as_of or timezone.now(), company_id=holder.company_id
    )
    return _progress(tier_id, spend, currency)


def _progress(tier_id: int | None, spend: Decimal, currency: str) -> TierProgress:
    tier = _tier(tier_id)
    rank = tier.rank if tier else -1
    above = next((t for t in all_tiers() if t.rank > rank and t.qualifying_spend is not None), None)
    if above is None or above.qualifying_spend is None:
        return TierProgress(tier, None, spend, None, 100)
    missing = max(above.qualifying_spend - spend, Decimal(0))
    remaining = from_base(missing, currency)
    percent = int(min(spend / above.qualifying_spend, Decimal(1)) * 100)
    return TierProgress(tier, above, spend, remaining, percent)


def company_standing(company, *, as_of: datetime | None = None) -> TierProgress:
    """The tier a company's buyers share (the best any of them holds) and the company's
    progress to the next, from the spend of all its members (in the base currency)."""
    members = CompanyMember.objects.filter(company=company).values("member_id")
    tier_id = (
        TierStatus.objects.filter(member_id__in=members)
        .order_by("-tier__rank")
        .values_list("tier_id", flat=True)
        .first()
    )
    first = CompanyMember.objects.filter(company=company).values_list("member_id", flat=True)
    member_id = first.first() or 0
    _tier_id, spend = tier_and_spend(
        member_id, as_of=as_of or timezone.now(), company_id=company.pk
    )
    return _progress(tier_id, spend, settings.BASE_CURRENCY)


@dataclass(frozen=True)
class PointsAndTier:
    balance: Balance
    progress: TierProgress
    # Whose account the balance reports (``ledger.holders``): the member's own or a company's.
    holder: Holder | None = None


POINTS_AND_TIER_SQL = f"""
SELECT member.preferred_currency, balance.*, standing.*
FROM {Member._meta.db_table} AS member
LEFT JOIN LATERAL ({BALANCE_SQL}) AS balance ON TRUE
LEFT JOIN LATERAL ({TIER_AND_SPEND_SQL}) AS standing ON TRUE
WHERE member.id = %(member)s
"""  # noqa: S608 - table names from the models, values as parameters


def points_and_tier(member_id: int, *, currency: str | None = None) -> PointsAndTier | None:
    """A member's balance (``ledger.selectors.balance``) and tier progress (in ``currency``,
    default the member's preferred one) in one round trip, or None if there is no such member.
    The API's balance and the member center ask for both on every view. When the member's
    company earns, the company's balance and spend (``ledger.holders``), in three queries."""
    if company_earns():
        member = Member.objects.filter(pk=member_id).first()
        if member is None:
            return None
        holder = holder_of(member)
        if holder.company_id is not None:
            return PointsAndTier(
                holder_balance(holder),
                tier_progress(member, currency=currency or member.preferred_currency),
                holder,
            )
    points = balance_parameters(member_id, as_of=None)  # now; released lots count
    parameters = {**tier_and_spend_parameters(member_id, as_of=points["as_of"]), **points}
    with connection.cursor() as cursor:
        execute_prepared(cursor, "tiers_points_and_tier", POINTS_AND_TIER_SQL, parameters)
        row = cursor.fetchone()
    if row is None:
        return None
    preferred_currency, points, (tier_id, spend) = row[0], row[1:6], row[6:]
    return PointsAndTier(
        balance_from_row(points),
        _progress(tier_id, Decimal(spend), currency or preferred_currency),
        Holder(member_id),
    )


def tier_kept_until(member, *, as_of: datetime | None = None) -> datetime | None:
    """Until when the member's tier is kept whatever their purchases (a tier pass, or a tier
    set by hand with an end date), or None."""
    return (
        TierStatus.objects.filter(member=member, pinned_until__gt=as_of or timezone.now())
        .values_list("pinned_until", flat=True)
        .first()
    )
