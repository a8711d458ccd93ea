from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.companies.models import PaymentTerms
from apps.orders.models import (
    MAX_AMOUNT,
    CreditLine,
    Incoterm,
    Order,
    OrderLine,
    Refund,
    RefundLine,
    ShippingMethod,
)

from ..fields import (
    MoneyField,
    MoneyJSON,
    MoneySerializer,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictDecimalField,
    StrictIntegerField,
)

MAX_QUANTITY = 1_000_000


class OrderLineSerializer(serializers.ModelSerializer[OrderLine]):
    unit_price = serializers.SerializerMethodField()
    line_total = serializers.SerializerMethodField()

    class Meta:
        model = OrderLine
        fields = ("id", "sku", "name", "quantity", "unit", "unit_price", "line_total")
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_unit_price(self, line: OrderLine) -> MoneyJSON:
        return MoneyField().to_representation(line.order.money(line.unit_price))

    @extend_schema_field(MoneySerializer)
    def get_line_total(self, line: OrderLine) -> MoneyJSON:
        return MoneyField().to_representation(line.order.money(line.line_total))


class RefundLineSerializer(serializers.ModelSerializer[RefundLine]):
    line = serializers.IntegerField(source="order_line_id", read_only=True)

    class Meta:
        model = RefundLine
        fields = ("line", "quantity", "amount")
        read_only_fields = fields


class RefundSerializer(serializers.ModelSerializer[Refund]):
    amount = serializers.SerializerMethodField()
    lines = RefundLineSerializer(many=True, read_only=True)

    class Meta:
        model = Refund
        fields = ("id", "order", "amount", "reason", "status", "lines", "created_at")
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_amount(self, refund: Refund) -> MoneyJSON:
        return MoneyField().to_representation(refund.order.money(refund.amount))


class OrderSerializer(serializers.ModelSerializer[Order]):
    subtotal = MoneyField()
    discount_total = MoneyField()
    shipping_total = MoneyField(help_text="What the buyer pays for shipping.")
    shipping_benefit = MoneyField(
        source="shipping_benefit_total",
        help_text="The tier's shipping benefit, already taken off shipping_total.",
    )
    total = MoneyField()
    received = MoneyField(
        help_text="Receipts so far: bank transfers, and card or PayPal payments of an order on "
        "terms."
    )
    outstanding = MoneyField(
        help_text="Still to be paid (zero once the order is paid in full, cancelled or refunded)."
    )
    is_paid_in_full = serializers.BooleanField(
        read_only=True,
        help_text="Paid in full (paid_at is then set). status is the fulfilment: an order "
        "accepted on net terms may be processing, shipped or completed before it is paid.",
    )
    credit_line = serializers.SerializerMethodField(
        help_text="Net terms: whose credit line the order drew on, the company's or the "
        "member's own; null otherwise."
    )
    deposit = MoneyField(
        source="deposit_money",
        help_text="On deposit terms: what is paid before production; zero otherwise.",
    )
    payment_terms = serializers.SerializerMethodField(
        help_text="Bank transfer orders: the buyer's terms when the order was placed; null for "
        "orders paid by card or PayPal."
    )
    is_overdue = serializers.BooleanField(
        read_only=True, help_text="Unpaid after its due date (orders on net terms)."
    )
    refunded = MoneyField()
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = (
            "id",
            "number",
            "external_id",
            "member",
            "email",
            "status",
            "currency",
            "subtotal",
            "discount_total",
            "shipping_total",
            "shipping_benefit",
            "total",
            "received",
            "outstanding",
            "refunded",
            "payment_method",
            "payment_terms",
            "deposit",
            "due_date",
            "is_overdue",
            "is_paid_in_full",
            "credit_line",
            "priority_service",
            "incoterm",
            "po_number",
            "vat_id",
            "reverse_charge",
            "placed_at",
            "paid_at",
            "lines",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=PaymentTerms.choices, allow_null=True))
    def get_payment_terms(self, order: Order) -> str | None:
        return order.payment_terms or None

    @extend_schema_field(serializers.ChoiceField(choices=CreditLine.choices, allow_null=True))
    def get_credit_line(self, order: Order) -> str | None:
        return order.credit_line or None


class OfflineOrderLineSerializer(serializers.Serializer[None]):
    sku = StrictCharField(max_length=64)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)
    unit_price = StrictDecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "In the order's currency. Omitted or null: the member's own price now (price "
            "list, tier price or catalogue price, by quantity), as the storefront charges it."
        ),
    )


class OfflineOrderSerializer(serializers.Serializer[None]):
    """An order the ERP already took and was paid (offline, by phone, at a trade fair)."""

    external_id = StrictCharField(max_length=100, help_text="Your order id; unique.")
    member = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="Member id.")
    currency = StrictChoiceField(choices=list(settings.CURRENCIES))
    lines = serializers.ListField(child=OfflineOrderLineSerializer(), min_length=1, max_length=500)
    shipping_method: "serializers.PrimaryKeyRelatedField[ShippingMethod]"
    shipping_method = serializers.PrimaryKeyRelatedField(
        queryset=ShippingMethod.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Shipping method id: its flat freight applies unless shipping_amount is given.",
    )
    shipping_amount = StrictDecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "Freight in the order's currency (default: the shipping method's, else 0). The "
            "member's tier shipping benefit is taken off it."
        ),
    )
    incoterm = StrictChoiceField(choices=Incoterm.choices, required=False, default="EXW")
    po_number = StrictCharField(max_length=60, required=False, allow_blank=True, default="")
    notes = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_external_id(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("This field may not be blank."))
        return value


class RefundLineInputSerializer(serializers.Serializer[None]):
    line = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="Order line id.")
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)


class RefundCreateSerializer(serializers.Serializer[None]):
    reason = StrictCharField(max_length=300)
    full = StrictBooleanField(
        required=False, default=False, help_text="Refund everything not refunded yet."
    )
    lines = serializers.ListField(
        child=RefundLineInputSerializer(), required=False, default=list, max_length=500
    )
    extra_amount = StrictDecimalField(
        max_digits=16,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        required=False,
        default=Decimal(0),
        help_text="An amount beyond the lines, e.g. freight (order currency).",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data["full"] and not data["lines"] and not data["extra_amount"]:
            raise serializers.ValidationError(
                _("Give lines to refund, an extra amount, or full: true.")
            )
        lines = [line["line"] for line in data["lines"]]
        if len(lines) != len(set(lines)):
            raise serializers.ValidationError({"lines": _("Each line may appear once.")})
        return data
