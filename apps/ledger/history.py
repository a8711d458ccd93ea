"""The member's points history: each entry with what became of the points it credited.

An order's points are an "earn" entry the day the order is paid, but they wait out the return
window before they can be spent, may be clawed back by a refund and expire one day. The entry
never changes (the ledger is immutable); its lots say all that, and the history shows it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import EntryKind, LedgerEntry, PointsLot

WAITED = timedelta(minutes=1)  # points available later than this after the entry had to wait


@dataclass(frozen=True)
class Credit:
    """What became of the points one entry credited (its lots)."""

    pending: int = 0  # still waiting for the return window
    available_on: datetime | None = None  # when the pending points become available
    released_on: datetime | None = None  # when points that had to wait became available
    clawed_back: int = 0  # taken back (a refund)
    expired: int = 0
    expired_on: datetime | None = None


class _LotRow(Protocol):
    """A lot as ``_credits`` reads it (a named row of ``values_list``)."""

    entry_id: int
    earned_at: datetime
    remaining: int
    released: bool
    available_at: datetime
    expires_at: datetime | None
    expired_points: int | None
    clawed_back: int


@dataclass(frozen=True)
class HistoryLine:
    entry: LedgerEntry
    credit: Credit | None  # None: the entry took points (spend, expiry, clawback)


def history_lines(
    entries: Iterable[LedgerEntry], *, now: datetime | None = None
) -> list[HistoryLine]:
    """``entries`` with what became of their points: one query for all their lots."""
    entries = list(entries)
    credits = _credits([entry.pk for entry in entries if entry.points > 0], now or timezone.now())
    return [HistoryLine(entry, credits.get(entry.pk)) for entry in entries]


def _credits(entry_ids: list[int], now: datetime) -> dict[int, Credit]:
    if not entry_ids:
        return {}
    lots = (
        PointsLot.objects.filter(entry_id__in=entry_ids)
        .annotate(
            earned_at=F("entry__created_at"),
            clawed_back=Coalesce(
                -Sum("movements__points", filter=Q(movements__entry__kind=EntryKind.CLAWBACK)), 0
            ),
        )
        .values_list(
            "entry_id",
            "earned_at",
            "remaining",
            "released",
            "available_at",
            "expires_at",
            "expired_points",
            "clawed_back",
            named=True,
        )
    )
    by_entry: dict[int, list[_LotRow]] = {}
    for lot in lots:
        by_entry.setdefault(lot.entry_id, []).append(lot)
    return {entry_id: _credit(found, now) for entry_id, found in by_entry.items()}


def _credit(lots: list[_LotRow], now: datetime) -> Credit:
    usable = [lot for lot in lots if lot.released or (lot.available_at <= now and lot.remaining)]
    pending = [lot for lot in lots if lot.remaining and lot not in usable]
    # Only points that had to wait (an order's) say when they became available; a bonus
    # credited as available at once has nothing worth saying.
    released = [lot for lot in usable if lot.available_at > lot.earned_at + WAITED]
    expired = [lot for lot in lots if lot.expired_points]
    return Credit(
        pending=sum(lot.remaining for lot in pending),
        available_on=min((lot.available_at for lot in pending), default=None),
        released_on=max((lot.available_at for lot in released), default=None),
        clawed_back=sum(lot.clawed_back for lot in lots),
        expired=sum(lot.expired_points or 0 for lot in expired),
        expired_on=max(
            (lot.expires_at for lot in expired if lot.expires_at is not None), default=None
        ),
    )
