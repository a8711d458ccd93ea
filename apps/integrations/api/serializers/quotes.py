"""Requests for quotation: what the ERP reads, and its answer (a revision)."""

from decimal import Decimal

from rest_framework import serializers

from apps.orders.models import AMOUNT
from apps.quotes.models import Quote, QuoteLine, QuoteRevision, QuoteRevisionLine

from ..fields import StrictCharField, StrictDecimalField, StrictIntegerField


class QuoteLineSerializer(serializers.ModelSerializer[QuoteLine]):
    sku = serializers.CharField(source="product.sku", read_only=True, allow_null=True, default=None)

    class Meta:
        model = QuoteLine
        fields = ("id", "product", "sku", "description", "quantity", "target_unit_price")
        read_only_fields = fields


class QuoteRevisionLineSerializer(serializers.ModelSerializer[QuoteRevisionLine]):
    sku = serializers.CharField(source="product.sku", read_only=True)

    class Meta:
        model = QuoteRevisionLine
        fields = (
            "line",
            "product",
            "sku",
            "quantity",
            "list_unit_price",
            "unit_price",
            "lead_time_days",
        )
        read_only_fields = fields


class QuoteRevisionSerializer(serializers.ModelSerializer[QuoteRevision]):
    lines = QuoteRevisionLineSerializer(many=True, read_only=True)

    class Meta:
        model = QuoteRevision
        fields = (
            "number",
            "lines",
            "subtotal_amount",
            "freight_amount",
            "insurance_amount",
            "total_amount",
            "valid_until",
            "terms",
            "note",
            "answered_by_label",
            "created_at",
        )
        read_only_fields = fields


class QuoteSerializer(serializers.ModelSerializer[Quote]):
    lines = QuoteLineSerializer(many=True, read_only=True)
    revisions = QuoteRevisionSerializer(many=True, read_only=True)
    destination_country = serializers.CharField(read_only=True)
    order_number = serializers.CharField(
        source="order.number", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Quote
        fields = (
            "id",
            "number",
            "member",
            "company",
            "email",
            "language",
            "currency",
            "status",
            "source",
            "incoterm",
            "destination_country",
            "destination_port",
            "required_by",
            "notes",
            "revision_count",
            "requested_at",
            "waiting_since",
            "order",
            "order_number",
            "lines",
            "revisions",
        )
        read_only_fields = fields


class AnswerLineSerializer(serializers.Serializer[None]):
    line = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="The quote line's id.")
    unit_price = StrictDecimalField(**AMOUNT, min_value=0, help_text="In the quote's currency.")
    lead_time_days = StrictIntegerField(min_value=0, max_value=3650, default=0)
    sku = StrictCharField(
        max_length=64,
        required=False,
        help_text="The product a described line is (required for lines without a product).",
    )


class QuoteAnswerSerializer(serializers.Serializer[None]):
    lines = AnswerLineSerializer(many=True, help_text="A price for every line of the quote.")
    freight_amount = StrictDecimalField(**AMOUNT, min_value=Decimal(0), default=Decimal(0))
    insurance_amount = StrictDecimalField(**AMOUNT, min_value=Decimal(0), default=Decimal(0))
    valid_until = serializers.DateField()
    terms = StrictCharField(max_length=4000, required=False, default="", allow_blank=True)
    note = StrictCharField(max_length=2000, required=False, default="", allow_blank=True)
    expected_revision = StrictIntegerField(
        min_value=0,
        required=False,
        help_text="The revision the answer was made from (0: none); 409 `quote_revised` when "
        "another was sent meanwhile.",
    )
