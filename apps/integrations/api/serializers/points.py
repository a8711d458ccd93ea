from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.ledger.errors import InvalidPoints
from apps.ledger.holders import ACCOUNT_TYPES
from apps.ledger.models import REASON_LENGTH, LedgerEntry
from apps.tiers.models import Tier

from ..fields import MoneyField, NullableMoneyField, StrictCharField, StrictIntegerField
from . import FieldsBuiltPerLanguage

MAX_POINTS = 1_000_000_000


class LedgerEntrySerializer(serializers.ModelSerializer[LedgerEntry]):
    member = serializers.SerializerMethodField(
        help_text="The member who earned or spent it (on a company's account, the buyer; null "
        "for the company's own changes)."
    )
    company = serializers.IntegerField(
        source="account.company_id",
        read_only=True,
        allow_null=True,
        help_text="The company whose account it is; null on a member's own account.",
    )
    points = serializers.IntegerField(read_only=True, help_text="Signed: negative for debits.")

    class Meta:
        model = LedgerEntry
        fields = ("id", "member", "company", "points", "kind", "reason", "source", "created_at")
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_member(self, entry: LedgerEntry) -> int | None:
        return entry.member_id or entry.account.member_id


class AccountBalanceSerializer(serializers.Serializer[dict[str, object]]):
    available = serializers.IntegerField()
    pending = serializers.IntegerField()


class PointsResultSerializer(serializers.Serializer[dict[str, object]]):
    """What an earn, spend or adjustment created, and the balance right after it."""

    entry = LedgerEntrySerializer()
    balance = AccountBalanceSerializer()


class _PointsRequest(FieldsBuiltPerLanguage):
    reason = StrictCharField(max_length=REASON_LENGTH, help_text="Shown to the member and staff.")
    reference = StrictCharField(
        max_length=90,
        required=False,
        default="",
        allow_blank=True,
        help_text="Your reference (e.g. a CRM campaign id); kept as the entry's source.",
    )


class EarnSerializer(_PointsRequest):
    points = StrictIntegerField(min_value=1, max_value=MAX_POINTS)
    available_at = serializers.DateTimeField(
        required=False,
        help_text="When the points become available (pending until then). Default: at once.",
    )
    expires_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="When the points expire; null: never. Default: the programme's expiry. "
        "In the future, and after `available_at` if given (else 400 on this field).",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        expires_at = data.get("expires_at")
        if expires_at is None:
            return data
        if expires_at <= timezone.now():
            raise serializers.ValidationError(
                {"expires_at": _("The expiry date must be in the future.")}
            )
        available_at = data.get("available_at")
        if available_at is not None and expires_at <= available_at:
            raise serializers.ValidationError(
                {"expires_at": _("The points must expire after they become available.")}
            )
        return data


class SpendSerializer(_PointsRequest):
    points = StrictIntegerField(min_value=1, max_value=MAX_POINTS)


class AdjustSerializer(_PointsRequest):
    points = StrictIntegerField(
        min_value=-MAX_POINTS,
        max_value=MAX_POINTS,
        help_text="Positive credits points, negative debits them; never zero.",
    )

    def validate_points(self, value: int) -> int:
        if value == 0:
            raise serializers.ValidationError(str(InvalidPoints.default_message))
        return value


class ExpiringPointsSerializer(serializers.Serializer[dict[str, object]]):
    points = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class TierSummarySerializer(serializers.Serializer[Tier]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    rank = serializers.IntegerField()
    badge_colour = serializers.CharField()


class ProgressSerializer(serializers.Serializer[dict[str, object]]):
    next_tier = TierSummarySerializer(allow_null=True)
    qualifying_spend = MoneyField(help_text="Last 12 months, in the base currency.")
    remaining = NullableMoneyField(
        help_text="Still to spend for the next tier, in the member's currency."
    )
    percent = serializers.IntegerField(min_value=0, max_value=100)


class AccountSerializer(serializers.Serializer[dict[str, object]]):
    """Whose points account a balance reports (``ledger.holders``)."""

    type = serializers.ChoiceField(
        choices=ACCOUNT_TYPES,
        help_text="`company` when the member's company earns their points.",
    )
    id = serializers.IntegerField(help_text="The member's or the company's id.")
    name = serializers.CharField(help_text="The company's legal name; empty for a member.")


class BalanceSerializer(serializers.Serializer[dict[str, object]]):
    account = AccountSerializer(
        help_text="Whose account the figures are: the member's own or their company's."
    )
    available = serializers.IntegerField()
    pending = serializers.IntegerField()
    lifetime_earned = serializers.IntegerField()
    expiring_soon = ExpiringPointsSerializer(many=True)
    tier = TierSummarySerializer(allow_null=True)
    progress = ProgressSerializer()
