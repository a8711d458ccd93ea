"""Product reviews (read, and written for members) and custom events about members."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from apps.catalog.models import Product
from apps.engagement.models import MemberEvent, Review
from apps.engagement.services import record_event, submit_review

from ...scopes import EVENTS_WRITE, MEMBERS_READ, REVIEWS_READ, REVIEWS_WRITE
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, idempotent_response
from ..serializers.engagement import (
    MemberEventCreateSerializer,
    MemberEventSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    ReviewWithPhotosCreateSerializer,
)
from .base import MEMBER_PARAMETER, find_member, source_label


class ReviewFilter(StrictFilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    member = django_filters.NumberFilter(field_name="member_id")
    product = django_filters.NumberFilter(field_name="product_id")
    sku = django_filters.CharFilter(field_name="product__sku")

    class Meta:
        model = Review
        fields = ("member", "product", "sku", "language", "status")


@extend_schema(summary="List product reviews", tags=["reviews"])
class ReviewListView(generics.ListAPIView[Review]):
    """Reviews of every product, newest first; filter by ``product``, ``sku``, ``member``,
    ``language``, ``status`` (``approved`` for what product pages show)."""

    required_scopes = {"GET": REVIEWS_READ}
    serializer_class = ReviewSerializer
    queryset = Review.objects.select_related("product").prefetch_related("photos").order_by("-id")
    filterset_class = ReviewFilter


@extend_schema_view(
    post=extend_schema(
        summary="Submit a member's product review",
        tags=["reviews"],
        request={
            "application/json": ReviewCreateSerializer,
            "multipart/form-data": ReviewWithPhotosCreateSerializer,
        },
        responses={201: ReviewSerializer},
        parameters=[MEMBER_PARAMETER, idempotency_parameter(required=True)],
    )
)
class MemberReviewView(generics.GenericAPIView[Review]):
    """A review of a product the member bought and paid for (409 ``not_purchased``
    otherwise, ``already_reviewed`` for a second one), waiting for staff to moderate it in the
    admin; approved, it earns the ``review`` earning rule's points once per member and product.
    With photos, send it as ``multipart/form-data`` (the same fields, and ``photos`` repeated up
    to 5 times); the photos are checked as on the shop's review page (400 ``invalid_photo``)."""

    required_scopes = {"POST": REVIEWS_WRITE}
    serializer_class = ReviewSerializer
    parser_classes = (JSONParser, MultiPartParser)

    def post(self, request: Request, member: str) -> Response:
        target = find_member(member)
        multipart = (request.content_type or "").startswith("multipart/")
        form = ReviewWithPhotosCreateSerializer if multipart else ReviewCreateSerializer
        incoming = form(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        data = incoming.validated_data
        product = Product.objects.filter(pk=data["product"]).first()
        if product is None:
            raise Http404

        def operation() -> tuple[int, dict[str, Any]]:
            review = submit_review(
                member=target,
                product=product,
                rating=data["rating"],
                text=data["text"],
                language=data["language"],
                photos=data.get("photos", []),
            )
            return status.HTTP_201_CREATED, ReviewSerializer(review).data

        return idempotent_response(request, key=key, operation=operation)


@extend_schema_view(
    get=extend_schema(
        summary="A member's custom events", tags=["events"], parameters=[MEMBER_PARAMETER]
    ),
    post=extend_schema(
        summary="Send a custom event about a member",
        tags=["events"],
        request=MemberEventCreateSerializer,
        responses={201: MemberEventSerializer},
        parameters=[MEMBER_PARAMETER, idempotency_parameter(required=True)],
    ),
)
class MemberEventView(generics.ListAPIView[MemberEvent]):
    """Something the member did outside the shop (a trade-fair visit, a survey, a webinar).
    It is kept on the member and earning rules of kind ``event`` whose name and conditions
    match credit their points (``points`` in the answer), within the rules' caps, regions,
    customer types and tiers. Repeating the Idempotency-Key replays the first answer."""

    required_scopes = {"GET": MEMBERS_READ, "POST": EVENTS_WRITE}
    serializer_class = MemberEventSerializer

    def get_queryset(self) -> QuerySet[MemberEvent]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return MemberEvent.objects.none()
        member = find_member(self.kwargs["member"])
        return MemberEvent.objects.filter(member=member).order_by("-occurred_at", "-id")

    def post(self, request: Request, member: str) -> Response:
        target = find_member(member)
        incoming = MemberEventCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        data = incoming.validated_data

        def operation() -> tuple[int, dict[str, Any]]:
            event = record_event(
                member=target,
                name=data["name"],
                properties=data["properties"],
                occurred_at=data.get("occurred_at"),
                source=source_label(request),
            )
            return status.HTTP_201_CREATED, MemberEventSerializer(event).data

        return idempotent_response(request, key=key, operation=operation)
