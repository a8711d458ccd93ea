from decimal import Decimal
from typing import Any

import django_filters
from django.http import Http404
from djmoney.money import Money
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.services import create_member_account
from apps.ledger.holders import Holder
from apps.ledger.selectors import Balance
from apps.members.models import Member
from apps.members.services import update_profile
from apps.tiers.selectors import TierProgress, points_and_tier

from ...scopes import MEMBERS_READ, MEMBERS_WRITE
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, idempotent_response
from ..serializers import represent
from ..serializers.members import MemberCreateSerializer, MemberSerializer, MemberUpdateSerializer
from ..serializers.points import BalanceSerializer
from .base import MEMBER_PARAMETER, find_member, is_id, source_label

# A VAT / tax id is checked for the member's country (apps.core.tax_ids) by the service.
INVALID_TAX_ID = OpenApiResponse(
    description="Invalid input (`invalid`, with `fields`); or `vat_id` is not a valid VAT / tax "
    "id of the member's `country` (`invalid_tax_id`, with `fields.vat_id` naming the expected "
    "format), or a bad Idempotency-Key. Nothing is changed."
)


class MemberFilter(StrictFilterSet):
    email = django_filters.CharFilter(field_name="user__email", lookup_expr="iexact")
    external_id = django_filters.CharFilter()
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Member
        fields = (
            "email",
            "external_id",
            "segment",
            "rfm_segment",
            "customer_type",
            "preferred_language",
        )


@extend_schema_view(
    get=extend_schema(summary="List members", tags=["members"]),
    post=extend_schema(
        summary="Create a member",
        tags=["members"],
        request=MemberCreateSerializer,
        responses={201: MemberSerializer, 400: INVALID_TAX_ID},
        parameters=[idempotency_parameter(required=False)],
    ),
)
class MemberListView(generics.ListCreateAPIView[Member]):
    """Members, oldest first. Creating one needs only ``email``; the buyer gets an account
    without a password (they set one with "forgot password") and the sign-up bonus."""

    required_scopes = {"GET": MEMBERS_READ, "POST": MEMBERS_WRITE}
    queryset = Member.objects.select_related("user").order_by("id")
    serializer_class = MemberSerializer
    filterset_class = MemberFilter

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = MemberCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=False)

        def operation() -> tuple[int, dict[str, Any]]:
            member = create_member_account(source=source_label(request), **incoming.validated_data)
            return status.HTTP_201_CREATED, MemberSerializer(member).data

        return idempotent_response(request, key=key, operation=operation)


@extend_schema_view(
    get=extend_schema(summary="Get a member", tags=["members"], parameters=[MEMBER_PARAMETER]),
    patch=extend_schema(
        summary="Update a member's profile",
        tags=["members"],
        request=MemberUpdateSerializer,
        responses={200: MemberSerializer, 400: INVALID_TAX_ID},
        parameters=[MEMBER_PARAMETER],
    ),
)
class MemberDetailView(generics.GenericAPIView[Member]):
    required_scopes = {"GET": MEMBERS_READ, "PATCH": MEMBERS_WRITE}
    serializer_class = MemberSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get(self, request: Request, member: str) -> Response:
        return Response(MemberSerializer(find_member(member)).data)

    def patch(self, request: Request, member: str) -> Response:
        target = find_member(member)
        incoming = MemberUpdateSerializer(target, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        updated = update_profile(
            member=target, source=source_label(request), **incoming.validated_data
        )
        return Response(MemberSerializer(updated).data)


@extend_schema(
    summary="A member's points and tier",
    tags=["points"],
    responses={200: BalanceSerializer},
    parameters=[MEMBER_PARAMETER],
)
class BalanceView(generics.GenericAPIView[Member]):
    """Available, pending and lifetime points, points expiring soon, tier and progress to the
    next tier (remaining spend in the member's preferred currency)."""

    required_scopes = {"GET": MEMBERS_READ}
    serializer_class = BalanceSerializer  # type: ignore[assignment]  # the response's shape; the stubs tie it to the queryset's model

    def get(self, request: Request, member: str) -> Response:
        # One query for an id: member, balance and tier standing (one more for other lookups).
        member_id = (
            int(member) if is_id(member) else find_member(member, Member.objects.only("pk")).pk
        )
        summary = points_and_tier(member_id)
        if summary is None:
            raise Http404
        return balance_response(
            summary.holder or Holder(member_id), summary.balance, summary.progress
        )


def balance_response(holder: Holder, points: Balance, progress: TierProgress) -> Response:
    """A balance answer, a member's or a company's: the same shape, ``account`` naming whose."""
    data = {
        "account": holder.as_dict(),
        "available": points.available,
        "pending": points.pending,
        "lifetime_earned": points.lifetime_earned,
        "expiring_soon": points.expiring_soon,
        "tier": progress.tier,
        "progress": {
            "next_tier": progress.next_tier,
            "qualifying_spend": _base(progress.spend),
            "remaining": progress.remaining,
            "percent": progress.percent,
        },
    }
    return Response(represent(BalanceSerializer, data))


def _base(amount: Decimal) -> Money:
    from django.conf import settings

    return Money(amount, settings.BASE_CURRENCY)
