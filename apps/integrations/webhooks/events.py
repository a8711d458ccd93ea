"""The events integrators can receive, and the ``data`` each one carries.

The catalogue is a choice among the domain events the apps declare (``apps/*/events.py``):
a webhook event has the domain event's name, so the two cannot drift apart. ``data`` uses the
API's own representations (a member, a ledger entry, an order...), so a receiver parses the
same shapes it gets from the REST API. Event ids are derived from what happened (the entry, the
order, the refund), so the same happening is never two events.
"""

import uuid
from typing import Any

from apps.companies.events import CompanyCreated, CompanyMemberAdded
from apps.ledger.events import PointsEarned, PointsExpired, PointsSpent
from apps.ledger.models import LedgerEntry
from apps.members.events import MemberCreated
from apps.members.models import Member
from apps.orders.events import OrderPaid, OrderRefunded
from apps.orders.models import Order, Refund
from apps.quotes.events import QuoteAccepted, QuoteRequested
from apps.rewards.events import RewardRedeemed
from apps.rewards.models import Redemption
from apps.tiers.events import TierChanged
from apps.tiers.models import Tier

CATALOGUE = (
    MemberCreated,
    PointsEarned,
    PointsSpent,
    PointsExpired,
    TierChanged,
    RewardRedeemed,
    OrderPaid,
    OrderRefunded,
    CompanyCreated,
    CompanyMemberAdded,
    QuoteRequested,
    QuoteAccepted,
)
EVENT_TYPES = [event.name for event in CATALOGUE]
_NAMESPACE = uuid.UUID("6f1c1a52-8d7e-4f0e-9a55-5b1f0c7f2e11")


def event_id_for(event_type: str, key: str) -> str:
    """A stable id for "this happening": the same (type, key) always gives the same id."""
    return "evt_" + uuid.uuid5(_NAMESPACE, f"{event_type}:{key}").hex


def member_reference(member_id: int) -> dict[str, Any]:
    external_id = Member.objects.filter(pk=member_id).values_list("external_id", flat=True).first()
    return {"id": member_id, "external_id": external_id or ""}


def member_data(member_id: int) -> dict[str, Any]:
    from ..api.serializers.members import MemberSerializer

    member = Member.objects.select_related("user").get(pk=member_id)
    return {"member": MemberSerializer(member).data}


def entry_data(entry_id: int) -> dict[str, Any]:
    from ..api.serializers.points import LedgerEntrySerializer

    entry = LedgerEntry.objects.select_related("account").get(pk=entry_id)
    return {
        # The member who earned or spent it (on a company's account, the buyer; null for a
        # company's own change: ``entry.company`` names the account).
        "member": member_reference(member_id)
        if (member_id := entry.member_id or entry.account.member_id)
        else None,
        "entry": LedgerEntrySerializer(entry).data,
    }


def tier_change_data(
    *, member_id: int, from_tier: int | None, to_tier: int, upgrade: bool
) -> dict[str, Any]:
    from ..api.serializers.points import TierSummarySerializer

    tiers = Tier.objects.in_bulk([tier for tier in (from_tier, to_tier) if tier])
    previous = tiers.get(from_tier)
    return {
        "member": member_reference(member_id),
        "from_tier": TierSummarySerializer(previous).data if previous else None,
        "to_tier": TierSummarySerializer(tiers[to_tier]).data,
        "upgrade": upgrade,
    }


def redemption_data(redemption_id: int) -> dict[str, Any]:
    from ..api.serializers.programme import RedemptionSerializer

    redemption = Redemption.objects.select_related("reward").get(pk=redemption_id)
    return {
        "member": member_reference(redemption.member_id),
        "redemption": RedemptionSerializer(redemption).data,
    }


def order_data(order_id: int) -> dict[str, Any]:
    from ..api.serializers.orders import OrderSerializer

    order = Order.objects.prefetch_related("lines__order").get(pk=order_id)
    return {"order": OrderSerializer(order).data}


def refund_data(*, order_id: int, refund_id: int, fully_refunded: bool) -> dict[str, Any]:
    from ..api.serializers.orders import RefundSerializer

    refund = Refund.objects.select_related("order").prefetch_related("lines").get(pk=refund_id)
    return {
        **order_data(order_id),
        "refund": RefundSerializer(refund).data,
        "fully_refunded": fully_refunded,
    }


def company_data(company_id: int) -> dict[str, Any]:
    from ..api.serializers.companies import CompanySerializer
    from ..api.views.companies import companies

    return {"company": CompanySerializer(companies().get(pk=company_id)).data}


def company_member_data(*, company_id: int, member_id: int, role: str) -> dict[str, Any]:
    from apps.companies.models import Company

    external_id = Company.objects.filter(pk=company_id).values_list("external_id", flat=True)
    return {
        "company": {"id": company_id, "external_id": external_id.first() or ""},
        "member": member_reference(member_id),
        "role": role,
    }


def quote_data(quote_id: int) -> dict[str, Any]:
    """The quote as the API shows it (with the order's number once accepted)."""
    from ..api.serializers.quotes import QuoteSerializer
    from ..api.views.quotes import quotes_with_revisions

    return {"quote": QuoteSerializer(quotes_with_revisions().get(pk=quote_id)).data}
