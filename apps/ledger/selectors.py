"""Reads of the ledger: balances, expiring points, liability, and an integrity check."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from djmoney.money import Money

from apps.catalog.pricing import exchange_rate
from apps.core.selectors import round_to_minor_unit

from .models import LedgerEntry, PointsAccount, PointsLot, Programme


@dataclass(frozen=True)
class ExpiringPoints:
    points: int
    expires_at: datetime


@dataclass(frozen=True)
class Balance:
    available: int
    pending: int
    lifetime_earned: int
    expiring_soon: list[ExpiringPoints] = field(default_factory=list)

    @property
    def expiring_soon_total(self) -> int:
        return sum(item.points for item in self.expiring_soon)


def balance(member, *, as_of: datetime | None = None) -> Balance:
    """The member's points as of ``as_of`` (default now), read from the lots: what is pending,
    available (not yet expired) and expiring within the programme's "soon" window. Without
    ``as_of``, lots the release job has released count as available.
    Three queries, summed in the database whatever the number of lots; writes nothing.
    """
    # A lot the release job has already released is available in a current read, even if the
    # job ran "as of" a later moment (operators and tests advance time that way).
    current = as_of is None
    as_of = as_of or timezone.now()
    account = PointsAccount.objects.filter(member=member).only("pk", "lifetime_earned").first()
    if account is None:
        return Balance(available=0, pending=0, lifetime_earned=0)
    soon = as_of + timedelta(days=Programme.current().expiring_soon_days)
    usable = (
        Q(available_at__lte=as_of) | Q(released=True) if current else Q(available_at__lte=as_of)
    )
    lots = PointsLot.objects.filter(account=account, remaining__gt=0).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=as_of)
    )
    totals = lots.aggregate(
        available=Sum("remaining", filter=usable, default=0),
        pending=Sum("remaining", filter=~usable, default=0),
    )
    expiring = (
        lots.filter(usable, expires_at__lte=soon)
        .values("expires_at")
        .annotate(points=Sum("remaining"))
        .order_by("expires_at")
    )
    return Balance(
        available=totals["available"],
        pending=totals["pending"],
        lifetime_earned=account.lifetime_earned,
        expiring_soon=[ExpiringPoints(row["points"], row["expires_at"]) for row in expiring],
    )


def points_value(points: int, currency: str) -> Money | None:
    """What ``points`` are worth when redeemed, in ``currency`` (None without a rate)."""
    programme = Programme.current()
    base = Decimal(points) / programme.redemption_points_per_unit
    rate = exchange_rate(settings.BASE_CURRENCY, currency)
    if rate is None:
        return None
    return Money(round_to_minor_unit(base * rate, currency), currency)


@dataclass(frozen=True)
class Liability:
    outstanding_points: int
    pending_points: int
    value_by_currency: dict[str, Money | None]


def liability() -> Liability:
    """Outstanding points (available and pending) and their redemption value per currency."""
    totals = PointsAccount.objects.aggregate(available=Sum("available"), pending=Sum("pending"))
    available = totals["available"] or 0
    pending = totals["pending"] or 0
    values = {code: points_value(available + pending, code) for code in settings.CURRENCIES}
    return Liability(available + pending, pending, values)


def discrepancies(account: PointsAccount) -> list[str]:
    """What does not add up on an account (empty when entries, lots and balances agree)."""
    account.refresh_from_db()
    entries = LedgerEntry.objects.filter(account=account).aggregate(total=Sum("points"))["total"]
    lots = PointsLot.objects.filter(account=account)
    remaining = lots.aggregate(total=Sum("remaining"))["total"] or 0
    released = lots.filter(released=True).aggregate(total=Sum("remaining"))["total"] or 0
    problems = []
    if (entries or 0) != account.available + account.pending:
        problems.append(
            f"entries {entries} != available+pending {account.available + account.pending}"
        )
    if remaining != account.available + account.pending:
        problems.append(f"lots {remaining} != balances {account.available + account.pending}")
    if released != account.available:
        problems.append(f"released lots {released} != available {account.available}")
    return problems
