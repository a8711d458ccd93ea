"""Reads of the member 360 and the members list: every domain's rows about one member, a fixed
number of queries whatever the member's history (no query per row)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet

from apps.core.replica import reading_from_replica
from apps.engagement.models import MemberEvent, Review
from apps.ledger.history import HistoryLine, history_lines
from apps.ledger.holders import Holder
from apps.ledger.models import LedgerEntry, PointsLot, Programme
from apps.ledger.selectors import last_activity
from apps.members.models import Member, Referral
from apps.notifications.models import Notification
from apps.orders.models import Order
from apps.rewards.models import Redemption
from apps.rewards.services import voidable
from apps.tiers.models import TierChange, TierStatus
from apps.tiers.selectors import PointsAndTier, points_and_tier

ENTRIES_PER_PAGE = 25
LATEST = 10  # rows per section; each links to the full list


def members_for_list(members: QuerySet[Member]) -> QuerySet[Member]:
    """``members`` with what the list shows beside the profile, joined in the list's query:
    available points (their account) and tier (its status row). Joins only, so counting the
    list joins nothing."""
    return members.select_related("user", "points_account", "tier_status__tier")


def with_last_activity(members: list[Member]) -> list[Member]:
    """``members`` (a page of the list), each with ``last_activity`` (``ledger.selectors``):
    one query for the page, whatever the number of members in all."""
    found = dict(
        Member.objects.filter(pk__in=[member.pk for member in members])
        .annotate(last_activity=last_activity(of_member=True))
        .values_list("pk", "last_activity")
    )
    for member in members:
        member.last_activity = found.get(member.pk)  # type: ignore[attr-defined]
    return members


@dataclass(frozen=True)
class RedemptionRow:
    redemption: Redemption
    voidable: bool


@dataclass(frozen=True)
class Member360:
    standing: PointsAndTier | None  # balance (available, pending, expiring) and tier progress
    tier_status: TierStatus | None  # whether the tier was set by hand, and until when
    expiring_soon_days: int
    entries: Page[LedgerEntry]  # the page of the history shown (for its links)
    history: list[HistoryLine]  # that page's entries with what became of their points
    open_lots: list[PointsLot]
    orders: list[Order]
    redemptions: list[RedemptionRow]
    referrals: list[Referral]
    notifications: list[Notification]
    tier_changes: list[TierChange]
    reviews: list[Review]
    custom_events: list[MemberEvent]


def member_360(member: Member, *, entries_page: str | int | None = None) -> Member360:
    """Everything staff see about ``member`` on their page: about a dozen queries, the same
    number for a member with ten entries or ten thousand."""
    # The account the member's points go to (``ledger.holders``): theirs, or their company's
    # (the history then says which buyer made each entry).
    standing = points_and_tier(member.pk, currency=settings.BASE_CURRENCY)
    holder = (standing.holder if standing else None) or Holder(member.pk)
    account = (
        {"account__company_id": holder.company_id}
        if holder.company_id is not None
        else {"account__member": member}
    )
    # The history (the longest read of the page) comes from the replica when there is one
    # (apps/core/replica.py; a staff member who just wrote reads from the primary).
    with reading_from_replica():
        entries = Paginator(
            LedgerEntry.objects.filter(**account)
            .select_related("rule", "actor", "member__user")
            .order_by("-created_at", "-id"),
            ENTRIES_PER_PAGE,
        ).get_page(entries_page)
        history = history_lines(entries.object_list)
    return Member360(
        standing=standing,
        tier_status=TierStatus.objects.filter(member=member).select_related("tier").first(),
        expiring_soon_days=Programme.current().expiring_soon_days,
        entries=entries,
        history=history,
        open_lots=list(
            PointsLot.objects.filter(remaining__gt=0, **account).order_by(
                F("expires_at").asc(nulls_last=True), "pk"
            )[: LATEST * 2]
        ),
        orders=list(Order.objects.filter(member=member).order_by("-placed_at", "-id")[:LATEST]),
        redemptions=[
            RedemptionRow(redemption, voidable(redemption))
            for redemption in Redemption.objects.filter(member=member)
            .select_related("reward")
            .order_by("-created_at", "-id")[:LATEST]
        ],
        referrals=list(
            Referral.objects.filter(Q(referrer=member) | Q(referred=member))
            .select_related("referrer__user", "referred__user")
            .order_by("-created_at", "-id")[:LATEST]
        ),
        notifications=list(
            Notification.objects.filter(member=member).order_by("-created_at", "-id")[:LATEST]
        ),
        tier_changes=list(
            TierChange.objects.filter(member=member)
            .select_related("from_tier", "to_tier", "changed_by")
            .order_by("-created_at", "-id")[:LATEST]
        ),
        reviews=list(
            Review.objects.filter(member=member)
            .select_related("product")
            .order_by("-created_at", "-id")[:LATEST]
        ),
        custom_events=list(
            MemberEvent.objects.filter(member=member).order_by("-occurred_at", "-id")[:LATEST]
        ),
    )
