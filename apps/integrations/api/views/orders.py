from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from apps.orders.models import Order
from apps.orders.offline import OfflineLine, record_offline_order
from apps.orders.refunds import RefundRequest, full_refund_request, refund_order

from ...scopes import ORDERS_READ, ORDERS_WRITE
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, idempotent_response, short_key
from ..serializers.orders import (
    OfflineOrderSerializer,
    OrderSerializer,
    RefundCreateSerializer,
    RefundSerializer,
)
from .base import find_member, source_label


class OrderFilter(StrictFilterSet):
    placed_after = django_filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="gte")
    placed_before = django_filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="lt")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    member = django_filters.NumberFilter(field_name="member_id")
    paid_in_full = django_filters.BooleanFilter(
        field_name="paid_at",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: paid in full (revenue); false: not yet (e.g. shipped on net terms).",
    )

    class Meta:
        model = Order
        fields = ("status", "member", "external_id", "number", "currency")


ORDERS = Order.objects.prefetch_related("lines__order").order_by("-placed_at", "-id")


@extend_schema_view(
    get=extend_schema(summary="List orders", tags=["orders"]),
    post=extend_schema(
        summary="Record an offline order",
        tags=["orders"],
        request=OfflineOrderSerializer,
        responses={201: OrderSerializer},
        parameters=[idempotency_parameter(required=False)],
    ),
)
class OrderListView(generics.ListCreateAPIView[Order]):
    """Orders from the storefront and from the ERP. POST records an order the ERP already took
    and was paid for: it is stored as paid, so it earns points like a web order (pending
    through the return window). ``external_id`` is unique (409 ``external_id_taken``)."""

    required_scopes = {"GET": ORDERS_READ, "POST": ORDERS_WRITE}
    serializer_class = OrderSerializer
    queryset = ORDERS
    filterset_class = OrderFilter

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = OfflineOrderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=False)
        data = dict(incoming.validated_data)
        member = find_member(str(data.pop("member")))
        lines = [OfflineLine(**line) for line in data.pop("lines")]

        def operation() -> tuple[int, dict[str, Any]]:
            order = record_offline_order(
                member=member, lines=lines, recorded_by=source_label(request), **data
            )
            return status.HTTP_201_CREATED, OrderSerializer(ORDERS.get(pk=order.pk)).data

        return idempotent_response(request, key=key, operation=operation)


@extend_schema(summary="Get an order", tags=["orders"])
class OrderDetailView(generics.RetrieveAPIView[Order]):
    required_scopes = {"GET": ORDERS_READ}
    serializer_class = OrderSerializer
    queryset = ORDERS


@extend_schema_view(
    post=extend_schema(
        summary="Refund an order",
        tags=["orders"],
        request=RefundCreateSerializer,
        responses={201: RefundSerializer},
        parameters=[idempotency_parameter(required=True)],
    )
)
class OrderRefundView(generics.GenericAPIView[Order]):
    """Refund lines (and/or an extra amount) of a paid order, or all of it (``full``). Points
    earned on the refunded lines are clawed back."""

    required_scopes = {"POST": ORDERS_WRITE}
    serializer_class = RefundSerializer  # type: ignore[assignment]  # the response's shape; the stubs tie it to the queryset's model
    queryset = Order.objects.all()

    def post(self, request: Request, pk: int) -> Response:
        order = self.get_object()
        incoming = RefundCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        data = incoming.validated_data

        def operation() -> tuple[int, dict[str, Any]]:
            if data["full"]:
                refund_request = full_refund_request(order)
            else:
                refund_request = RefundRequest(
                    quantities={line["line"]: line["quantity"] for line in data["lines"]},
                    extra_amount=data["extra_amount"],
                )
            refund = refund_order(
                order=order,
                request=refund_request,
                reason=data["reason"],
                idempotency_key=short_key(request, key),
            )
            return status.HTTP_201_CREATED, RefundSerializer(refund).data

        return idempotent_response(request, key=key, operation=operation)
