"""Price lists, read-only (#20, docs/pricelists.md): what an ERP needs to keep its own in step
(the lists, whom they apply to, and a list's prices with volume breaks). Scope
``price_lists:read``; changed in the admin (or its CSV import)."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from apps.pricelists.models import PriceList

from ...scopes import PRICE_LISTS_READ
from ..filters import StrictFilterSet
from ..serializers.price_lists import PriceListDetailSerializer, PriceListSerializer

PRICE_LIST_PARAMETER = OpenApiParameter(
    "pk", int, OpenApiParameter.PATH, description="The price list's id."
)


def price_lists() -> QuerySet[PriceList]:
    return PriceList.objects.prefetch_related("assignments").order_by("id")


class PriceListFilter(StrictFilterSet):
    company = django_filters.NumberFilter(field_name="assignments__company_id")
    currency = django_filters.CharFilter()
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = PriceList
        fields = ("company", "currency", "kind", "is_active", "updated_after")


@extend_schema(summary="List price lists", tags=["price lists"])
class PriceListListView(generics.ListAPIView[PriceList]):
    """Every price list with whom it applies to (companies, or customer types and/or
    countries), oldest first; filter by ``company``, ``currency``, ``kind``, ``is_active`` and
    ``updated_after``. A list's prices: ``GET /price-lists/{id}/``."""

    required_scopes = {"GET": PRICE_LISTS_READ}
    serializer_class = PriceListSerializer
    filterset_class = PriceListFilter

    def get_queryset(self) -> QuerySet[PriceList]:
        return price_lists().distinct()


@extend_schema(summary="A price list with its prices", tags=["price lists"])
class PriceListDetailView(generics.RetrieveAPIView[PriceList]):
    """The price list, whom it applies to, and (a fixed list) its prices by product with their
    volume breaks, in the list's currency."""

    required_scopes = {"GET": PRICE_LISTS_READ}
    serializer_class = PriceListDetailSerializer

    def get_queryset(self) -> QuerySet[PriceList]:
        return price_lists()
