"""Price lists, read-only (#20, docs/pricelists.md): for an ERP that keeps them in step."""

from typing import Any

from djmoney.money import Money
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.pricelists.models import PriceList, PriceListAssignment, PriceListItem

from ..fields import MoneyField, MoneyJSON, MoneySerializer


class PriceListAssignmentSerializer(serializers.ModelSerializer[PriceListAssignment]):
    company = serializers.IntegerField(
        source="company_id",
        read_only=True,
        allow_null=True,
        help_text="The company's id; null for a customer type and/or country.",
    )
    country = serializers.CharField(
        read_only=True, help_text="ISO 3166-1 alpha-2; empty: any country."
    )

    class Meta:
        model = PriceListAssignment
        fields = ("company", "customer_type", "country")
        read_only_fields = fields


class PriceListSerializer(serializers.ModelSerializer[PriceList]):
    percent_off = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="For kind `percent`: taken off every catalogue price; null for `fixed`.",
    )
    assignments = PriceListAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = PriceList
        fields: tuple[str, ...] = (
            "id",
            "name",
            "currency",
            "kind",
            "percent_off",
            "priority",
            "valid_from",
            "valid_until",
            "is_active",
            "assignments",
            "updated_at",
        )
        read_only_fields: tuple[str, ...] = fields


class PriceListPriceSerializer(serializers.ModelSerializer[PriceListItem]):
    product = serializers.IntegerField(source="product_id", read_only=True)
    sku = serializers.CharField(source="product.sku", read_only=True)
    price = serializers.SerializerMethodField(help_text="The unit price in the list's currency.")

    class Meta:
        model = PriceListItem
        fields = ("product", "sku", "min_quantity", "price")
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_price(self, item: PriceListItem) -> MoneyJSON:
        return MoneyField().to_representation(Money(item.price, item.price_list.currency))


class PriceListDetailSerializer(PriceListSerializer):
    prices = serializers.SerializerMethodField(
        help_text="A fixed list's prices by product, each from `min_quantity` on (the row from 1 "
        "is the price, the others its volume breaks); empty for a percent-off list."
    )

    class Meta(PriceListSerializer.Meta):
        fields = (*PriceListSerializer.Meta.fields, "prices")
        read_only_fields = fields

    @extend_schema_field(PriceListPriceSerializer(many=True))
    def get_prices(self, price_list: PriceList) -> list[dict[str, Any]]:
        items = price_list.items.select_related("product").order_by("product_id", "min_quantity")
        for item in items:
            item.price_list = price_list  # the currency, without a query per row
        return list(PriceListPriceSerializer(items, many=True).data)
