"""Requests for quotation: the ERP reads them and prices them (an answer is a revision)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from apps.catalog.models import Product
from apps.quotes.models import Quote
from apps.quotes.services import LineAnswer, answer_quote

from ...scopes import QUOTES_READ, QUOTES_WRITE
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, idempotent_response
from ..serializers.quotes import QuoteAnswerSerializer, QuoteSerializer
from .base import source_label


def quotes_with_revisions() -> QuerySet[Quote]:
    return (
        Quote.objects.select_related("order")
        .prefetch_related("lines__product", "revisions__lines__product")
        .order_by("-id")
    )


class QuoteFilter(StrictFilterSet):
    requested_after = django_filters.IsoDateTimeFilter(field_name="requested_at", lookup_expr="gte")
    member = django_filters.NumberFilter(field_name="member_id")
    company = django_filters.NumberFilter(field_name="company_id")

    class Meta:
        model = Quote
        fields = ("status", "member", "company", "currency")


@extend_schema(summary="List requests for quotation", tags=["quotes"])
class QuoteListView(generics.ListAPIView[Quote]):
    """Requests for quotation, newest first, with their lines and every revision sent; filter
    by ``status`` (``requested`` and ``revision_requested`` wait for an answer), ``member``,
    ``company``, ``currency``, ``requested_after``."""

    required_scopes = {"GET": QUOTES_READ}
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilter

    def get_queryset(self) -> QuerySet[Quote]:
        return quotes_with_revisions()


@extend_schema(summary="A request for quotation", tags=["quotes"])
class QuoteDetailView(generics.RetrieveAPIView[Quote]):
    required_scopes = {"GET": QUOTES_READ}
    serializer_class = QuoteSerializer

    def get_queryset(self) -> QuerySet[Quote]:
        return quotes_with_revisions()


@extend_schema_view(
    post=extend_schema(
        summary="Answer (price) a request for quotation",
        tags=["quotes"],
        request=QuoteAnswerSerializer,
        responses={201: QuoteSerializer},
        parameters=[idempotency_parameter(required=True)],
    )
)
class QuoteAnswerView(generics.GenericAPIView[Quote]):
    """Send the buyer a new revision: a unit price and lead time for every line (a described
    line also names the product by ``sku``), freight and insurance for the Incoterm, the
    validity date and terms. The buyer is e-mailed in their language. 409 ``quote_not_open``
    for an accepted or declined quote, ``quote_revised`` when ``expected_revision`` is not the
    latest, ``quote_incomplete`` when a line has no price or product. Repeating the
    Idempotency-Key replays the first answer."""

    required_scopes = {"POST": QUOTES_WRITE}
    serializer_class = QuoteSerializer

    def post(self, request: Request, pk: int) -> Response:
        quote = get_object_or_404(Quote, pk=pk)
        incoming = QuoteAnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        data = incoming.validated_data
        skus = {line["sku"] for line in data["lines"] if line.get("sku")}
        products = {product.sku: product for product in Product.objects.filter(sku__in=skus)}
        if missing := skus - set(products):
            raise ValidationError({"lines": [f"Unknown SKU: {sku}" for sku in sorted(missing)]})

        def operation() -> tuple[int, dict[str, Any]]:
            answer_quote(
                quote=quote,
                lines=[
                    LineAnswer(
                        line_id=line["line"],
                        unit_price=line["unit_price"],
                        lead_time_days=line["lead_time_days"],
                        product=products.get(line.get("sku", "")),
                    )
                    for line in data["lines"]
                ],
                freight=data["freight_amount"],
                insurance=data["insurance_amount"],
                valid_until=data["valid_until"],
                terms=data["terms"],
                note=data["note"],
                expected_revision=data.get("expected_revision"),
                actor_label=source_label(request),
            )
            return status.HTTP_201_CREATED, QuoteSerializer(
                quotes_with_revisions().get(pk=quote.pk)
            ).data

        return idempotent_response(request, key=key, operation=operation)
