"""Reads for the member center."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from apps.ledger.models import EntryKind, LedgerEntry
from apps.ledger.selectors import Balance, balance
from apps.orders.models import Order
from apps.tiers.selectors import TierProgress, tier_progress

from .models import Member


@dataclass(frozen=True)
class Dashboard:
    balance: Balance
    progress: TierProgress
    recent: list[LedgerEntry]


def dashboard(member: Member, *, currency: str) -> Dashboard:
    recent = list(
        LedgerEntry.objects.filter(account__member=member).order_by("-created_at", "-id")[:8]
    )
    return Dashboard(
        balance=balance(member),
        progress=tier_progress(member, currency=currency),
        recent=recent,
    )


def points_history(member: Member, *, kind: str = "", page: str | None = None) -> Page:
    """The member's entries, newest first, 25 a page, optionally of one kind."""
    entries = LedgerEntry.objects.filter(account__member=member).order_by("-created_at", "-id")
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    return Paginator(entries, 25).get_page(page)


def member_orders(member: Member, *, page: str | None = None) -> Page:
    orders = Order.objects.filter(member=member).order_by("-placed_at", "-id")
    return Paginator(orders, 20).get_page(page)
