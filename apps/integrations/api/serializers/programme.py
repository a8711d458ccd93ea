"""Tiers, rewards and redemptions."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django_countries.serializer_fields import CountryField
from djmoney.money import Money
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.orders.models import ShippingMethod
from apps.rewards.models import Redemption, Reward
from apps.tiers.models import ShippingBenefitKind, Tier, TierShippingBenefit

from ..fields import (
    NULLABLE_MONEY,
    MoneyField,
    MoneyJSON,
    NullableMoneyField,
    StrictCharField,
    StrictIntegerField,
)


class BaseMoneyField(NullableMoneyField):
    """A decimal amount in the base currency, shown as money."""

    # A base-currency Decimal where the parent takes Money: the same JSON, so the same schema.
    def to_representation(self, amount: Decimal) -> MoneyJSON:  # type: ignore[override]
        return super().to_representation(Money(amount, settings.BASE_CURRENCY))


class ShippingBenefitSerializer(serializers.ModelSerializer[TierShippingBenefit]):
    shipping_method: "serializers.PrimaryKeyRelatedField[ShippingMethod]" = (
        serializers.PrimaryKeyRelatedField(
            read_only=True, allow_null=True, help_text="Null: every shipping method."
        )
    )
    amount = serializers.SerializerMethodField(help_text="For kind 'amount': the amount off.")

    class Meta:
        model = TierShippingBenefit
        fields = ("shipping_method", "kind", "percent", "amount")
        read_only_fields = fields

    @extend_schema_field(NULLABLE_MONEY)
    def get_amount(self, benefit: TierShippingBenefit) -> MoneyJSON | None:
        if benefit.amount is None:
            return None
        return MoneyField().to_representation(Money(benefit.amount, benefit.currency))


class TierBenefitsSerializer(serializers.ModelSerializer[Tier]):
    free_shipping = serializers.SerializerMethodField(
        help_text="Free shipping on every shipping method (details in shipping)."
    )
    shipping = ShippingBenefitSerializer(source="shipping_benefits", many=True, read_only=True)

    class Meta:
        model = Tier
        fields = (
            "discount_percent",
            "points_multiplier",
            "redemption_points_per_unit",
            "free_shipping",
            "shipping",
            "priority_service",
            "account_manager",
            "early_access",
        )
        read_only_fields = fields

    def get_free_shipping(self, tier: Tier) -> bool:
        return any(
            benefit.kind == ShippingBenefitKind.FREE and benefit.shipping_method_id is None
            for benefit in tier.shipping_benefits.all()
        )


class TierSerializer(serializers.ModelSerializer[Tier]):
    qualifying_spend = BaseMoneyField(help_text="Over the last 12 months (base currency).")
    retention_spend = BaseMoneyField()
    benefits = TierBenefitsSerializer(source="*", read_only=True)

    class Meta:
        model = Tier
        fields = (
            "id",
            "name",
            "rank",
            "badge_colour",
            "qualification",
            "qualifying_spend",
            "qualifying_orders",
            "qualifying_points",
            "retention_spend",
            "grace_days",
            "benefits",
        )
        read_only_fields = fields


class RewardSerializer(serializers.ModelSerializer[Reward]):
    tiers: "serializers.PrimaryKeyRelatedField[Tier]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    countries = serializers.ListField(child=CountryField(), read_only=True)
    excluded_countries = serializers.ListField(child=CountryField(), read_only=True)
    coupon_amount = BaseMoneyField(help_text="For fixed-amount coupons (base currency).")

    class Meta:
        model = Reward
        fields = (
            "id",
            "name",
            "description",
            "kind",
            "points_cost",
            "stock",
            "limit_per_member",
            "tiers",
            "countries",
            "excluded_countries",
            "starts_at",
            "ends_at",
            "is_active",
            "coupon_amount",
            "coupon_percent",
            "coupon_valid_days",
        )
        read_only_fields = fields

    def to_representation(self, reward: Reward) -> dict[str, Any]:
        data = super().to_representation(reward)
        data["countries"] = [str(code) for code in reward.countries]
        data["excluded_countries"] = [str(code) for code in reward.excluded_countries]
        return data


class RedemptionSerializer(serializers.ModelSerializer[Redemption]):
    reward_name = serializers.CharField(source="reward.name", read_only=True)

    class Meta:
        model = Redemption
        fields = (
            "id",
            "member",
            "reward",
            "reward_name",
            "points",
            "status",
            "coupon_code",
            "coupon_expires_at",
            "created_at",
            "decided_at",
            "void_reason",
        )
        read_only_fields = fields


class VoidSerializer(serializers.Serializer[None]):
    reason = StrictCharField(
        max_length=300,
        help_text="Why: the member reads it in the e-mail that tells them.",
    )


class RedeemSerializer(serializers.Serializer[None]):
    reward = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="Reward id.")
