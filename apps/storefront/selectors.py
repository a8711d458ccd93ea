"""Reads for the member center: what its pages gather from members, the ledger, tiers and
orders."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator

from apps.catalog.pricing import PricingContext
from apps.ledger.history import HistoryLine, history_lines
from apps.ledger.holders import Holder, holder_of
from apps.ledger.models import EntryKind, LedgerEntry
from apps.ledger.selectors import Balance
from apps.members.models import Member
from apps.orders.models import Order
from apps.tiers.benefits import benefit_lines
from apps.tiers.selectors import TierProgress, points_and_tier

from .recommendations import recommended_cards


@dataclass(frozen=True)
class Dashboard:
    balance: Balance
    progress: TierProgress
    benefits: list[str]  # what the member's tier gives (tiers.benefits)
    recent: list[HistoryLine]
    recommended_html: str  # product cards, rendered and cached with the catalogue
    # Whose account the figures are (``ledger.holders``): the member's own or their company's.
    holder: Holder | None = None


def account_entries(holder: Holder):
    """The entries of ``holder``'s account (a company's: with the buyer who made each)."""
    if holder.company_id is not None:
        return LedgerEntry.objects.filter(account__company_id=holder.company_id).select_related(
            "member__user"
        )
    return LedgerEntry.objects.filter(account__member_id=holder.member_id or 0)


def dashboard(member: Member, *, context: PricingContext) -> Dashboard:
    """Everything the member's overview shows, in a fixed number of queries."""
    summary = points_and_tier(member.pk, currency=context.currency)
    if summary is None:  # the member was deleted meanwhile
        raise Member.DoesNotExist
    holder = summary.holder or Holder(member.pk)
    recent = list(account_entries(holder).select_related("rule").order_by("-created_at", "-id")[:8])
    return Dashboard(
        balance=summary.balance,
        progress=summary.progress,
        benefits=benefit_lines(summary.progress.tier, currency=context.currency),
        recent=history_lines(recent),
        recommended_html=recommended_cards(member, context=context),
        holder=holder,
    )


def points_history(member: Member, *, kind: str = "", page: str | None = None) -> Page:
    """The member's entries, newest first, 25 a page, optionally of one kind; each a
    ``HistoryLine`` (the entry, and whether its points are pending, expired, clawed back)."""
    entries = (
        account_entries(holder_of(member)).select_related("rule").order_by("-created_at", "-id")
    )
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    # The page of entries is shown as their history lines.
    found: Page[Any] = Paginator(entries, 25).get_page(page)
    found.object_list = history_lines(found.object_list)
    return found


def member_orders(member: Member, *, page: str | None = None) -> Page:
    orders = Order.objects.filter(member=member).order_by("-placed_at", "-id")
    return Paginator(orders, 20).get_page(page)


def company_orders(
    company_id: int, *, member: Member | None = None, page: str | None = None
) -> Page:
    """The company's orders, newest first (all its buyers', also those who left it); with
    ``member``, only the ones that member placed."""
    orders = Order.objects.filter(company_id=company_id).select_related("member__user")
    if member is not None:
        orders = orders.filter(member=member)
    return Paginator(orders.order_by("-placed_at", "-id"), 20).get_page(page)
