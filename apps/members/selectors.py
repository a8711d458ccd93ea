"""Reads for the member center."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from apps.catalog.pricing import PricingContext
from apps.ledger.models import EntryKind, LedgerEntry
from apps.ledger.selectors import Balance
from apps.orders.models import Order
from apps.tiers.benefits import benefit_lines
from apps.tiers.selectors import TierProgress, points_and_tier

from .models import PROFILE_FIELDS, Address, Member

ADDRESS_EXPORT_FIELDS = (
    "label",
    *Address.ORDER_FIELDS,
    "phone",
    "vat_id",
    "is_default_shipping",
    "is_default_billing",
)


def member_of(user) -> Member | None:
    """The signed-in user's member profile (None for anonymous visitors and bare staff)."""
    return getattr(user, "member", None) if user.is_authenticated else None


@dataclass(frozen=True)
class Dashboard:
    balance: Balance
    progress: TierProgress
    benefits: list[str]  # what the member's tier gives (tiers.benefits)
    recent: list[LedgerEntry]
    recommended_html: str  # product cards, rendered and cached with the catalogue


def dashboard(member: Member, *, context: PricingContext) -> Dashboard:
    """Everything the member's overview shows, in a fixed number of queries."""
    from .recommendations import recommended_cards

    recent = list(
        LedgerEntry.objects.filter(account__member=member).order_by("-created_at", "-id")[:8]
    )
    summary = points_and_tier(member.pk, currency=context.currency)
    return Dashboard(
        balance=summary.balance,
        progress=summary.progress,
        benefits=benefit_lines(summary.progress.tier, currency=context.currency),
        recent=recent,
        recommended_html=recommended_cards(member, context=context),
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


def export_member_data(member: Member) -> dict:
    """Everything the member gave us and what we recorded about them, as JSON-ready data."""
    from apps.ledger.selectors import balance as points_balance

    profile_fields = (*PROFILE_FIELDS, "referral_code", "created_at")
    profile = {name: getattr(member, name) for name in profile_fields}
    profile["email"] = member.user.email
    current = points_balance(member)
    return {
        "profile": {
            key: str(value) if value is not None else None for key, value in profile.items()
        },
        "points": {
            "available": current.available,
            "pending": current.pending,
            "lifetime_earned": current.lifetime_earned,
        },
        "ledger": [
            {
                "at": entry.created_at.isoformat(),
                "points": entry.points,
                "kind": entry.kind,
                "reason": entry.reason,
            }
            for entry in LedgerEntry.objects.filter(account__member=member).order_by("created_at")
        ],
        "orders": [
            {
                "number": order.number,
                "placed_at": order.placed_at.isoformat(),
                "status": order.status,
                "total": str(order.total_amount),
                "currency": order.currency,
            }
            for order in Order.objects.filter(member=member).order_by("placed_at")
        ],
        "addresses": [
            {
                **{field: getattr(address, field) for field in ADDRESS_EXPORT_FIELDS},
                "country": str(address.country),
            }
            for address in member.addresses.order_by("created_at")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "granted": c.granted,
                "source": c.source,
                "at": c.created_at.isoformat(),
            }
            for c in member.consents.order_by("created_at")
        ],
        **_activity(member),
    }


def _activity(member: Member) -> dict:
    """The rest of what the programme recorded: rewards, referrals, views, inbox."""
    from apps.notifications.models import Notification
    from apps.rewards.models import Redemption

    return {
        "redemptions": [
            {
                "reward": str(r.reward),
                "points": r.points,
                "status": r.status,
                "coupon_code": r.coupon_code,
                "at": r.created_at.isoformat(),
            }
            for r in Redemption.objects.filter(member=member).select_related("reward")
        ],
        "referrals": [
            {"status": r.status, "at": r.created_at.isoformat()}
            for r in member.referrals.order_by("created_at")
        ],
        "product_views": [
            {"product": v.product.sku, "views": v.views, "last": v.last_viewed_at.isoformat()}
            for v in member.product_views.select_related("product").order_by("-last_viewed_at")
        ],
        "notifications": [
            {"kind": n.kind, "at": n.created_at.isoformat(), "email": n.email_status}
            for n in Notification.objects.filter(member=member).order_by("created_at")
        ],
    }
