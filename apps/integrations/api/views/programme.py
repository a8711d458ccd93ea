from typing import Any

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from apps.rewards.models import Redemption, Reward
from apps.rewards.services import redeem, void_redemption
from apps.tiers.models import Tier

from ...scopes import MEMBERS_READ, REWARDS_READ, REWARDS_WRITE
from ..authentication import request_api_key
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, idempotent_response, ledger_key
from ..serializers.programme import (
    RedeemSerializer,
    RedemptionSerializer,
    RewardSerializer,
    TierSerializer,
    VoidSerializer,
)
from .base import MEMBER_PARAMETER, find_member


@extend_schema(summary="List tiers", tags=["programme"])
class TierListView(generics.ListAPIView[Tier]):
    """The programme's tiers, lowest rank first, with thresholds and benefits."""

    required_scopes = {"GET": MEMBERS_READ}
    serializer_class = TierSerializer
    queryset = Tier.objects.prefetch_related("shipping_benefits").order_by("rank")


class RewardFilter(StrictFilterSet):
    class Meta:
        model = Reward
        fields = ("kind", "is_active")


@extend_schema(summary="List rewards", tags=["programme"])
class RewardListView(generics.ListAPIView[Reward]):
    """The rewards catalogue (``is_active=true`` for what is offered now)."""

    required_scopes = {"GET": REWARDS_READ}
    serializer_class = RewardSerializer
    queryset = Reward.objects.prefetch_related("tiers").order_by("position", "points_cost", "id")
    filterset_class = RewardFilter


class RedemptionFilter(StrictFilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    member = django_filters.NumberFilter(field_name="member_id")
    reward = django_filters.NumberFilter(field_name="reward_id")

    class Meta:
        model = Redemption
        fields = ("member", "reward", "status")


@extend_schema(summary="List redemptions", tags=["programme"])
class RedemptionListView(generics.ListAPIView[Redemption]):
    """Redemptions of every member, newest first (filter by ``member``, ``reward``, ``status``)."""

    required_scopes = {"GET": REWARDS_READ}
    serializer_class = RedemptionSerializer
    queryset = Redemption.objects.select_related("reward").order_by("-created_at", "-id")
    filterset_class = RedemptionFilter


@extend_schema_view(
    post=extend_schema(
        summary="Redeem a reward for a member",
        tags=["programme"],
        request=RedeemSerializer,
        responses={201: RedemptionSerializer},
        parameters=[MEMBER_PARAMETER, idempotency_parameter(required=True)],
    )
)
class MemberRedemptionView(generics.GenericAPIView[Redemption]):
    """Spend the reward's points for the member (coupons get their code at once). 409
    ``reward_unavailable`` with the reason when the member may not redeem it."""

    required_scopes = {"POST": REWARDS_WRITE}
    serializer_class = RedemptionSerializer

    def post(self, request: Request, member: str) -> Response:
        target = find_member(member)
        incoming = RedeemSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        reward = Reward.objects.filter(pk=incoming.validated_data["reward"]).first()
        if reward is None:
            raise Http404

        def operation() -> tuple[int, dict[str, Any]]:
            redemption = redeem(
                member=target, reward=reward, idempotency_key=ledger_key(request, key)
            )
            return status.HTTP_201_CREATED, RedemptionSerializer(redemption).data

        return idempotent_response(request, key=key, operation=operation)


@extend_schema_view(
    post=extend_schema(
        summary="Void a redemption",
        tags=["programme"],
        request=VoidSerializer,
        responses={200: RedemptionSerializer},
        parameters=[idempotency_parameter(required=False)],
    )
)
class RedemptionVoidView(generics.GenericAPIView[Redemption]):
    """Void a redemption whose coupon is unused or whose fulfilment has not started: the coupon
    stops working, the points come back with the expiry they had, the member is told in their
    language. 409 ``not_voidable`` for a used coupon or a shipped reward; voiding a voided
    redemption again answers it unchanged. Recorded as voided by the key's creator."""

    required_scopes = {"POST": REWARDS_WRITE}
    serializer_class = RedemptionSerializer

    def post(self, request: Request, pk: int) -> Response:
        incoming = VoidSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=False)
        redemption = Redemption.objects.filter(pk=pk).first()
        if redemption is None:
            raise Http404

        def operation() -> tuple[int, dict[str, Any]]:
            voided = void_redemption(
                redemption=redemption,
                reason=incoming.validated_data["reason"],
                staff=request_api_key(request).created_by,
            )
            return status.HTTP_200_OK, RedemptionSerializer(voided).data

        return idempotent_response(request, key=key, operation=operation)
