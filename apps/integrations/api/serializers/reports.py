"""The reporting API's query and rows (``views/reports.py``): one row per day, points as
integers, amounts as decimal strings."""

from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries
from rest_framework import serializers
from rest_framework.fields import Field

from apps.analytics.selectors import DayFigures, closing_values


class ReportRangeSerializer(serializers.Serializer[None]):
    """``from`` and ``to``: the first and last day (YYYY-MM-DD, the programme's calendar)."""

    from_ = serializers.DateField(help_text="First day (YYYY-MM-DD).", input_formats=["iso-8601"])
    to = serializers.DateField(
        help_text="Last day (YYYY-MM-DD), today at the latest (today's figures are live).",
        input_formats=["iso-8601"],
    )

    def get_fields(self) -> dict[str, Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class ProgrammeQuerySerializer(ReportRangeSerializer):
    country = serializers.CharField(
        required=False, help_text="Members of this country (ISO 3166 code, e.g. DE)."
    )
    tier = serializers.IntegerField(
        required=False, min_value=1, help_text="Members of this tier (its id, see /tiers/)."
    )

    def validate_country(self, value: str) -> str:
        code = value.upper()
        if code not in countries:
            raise serializers.ValidationError(_("Unknown country code."))
        return code


class SalesSerializer(serializers.Serializer[dict[str, object]]):
    currency = serializers.CharField()
    members = serializers.DecimalField(max_digits=16, decimal_places=2)
    guests = serializers.DecimalField(max_digits=16, decimal_places=2)


class PointFlowsSerializer(serializers.Serializer[DayFigures]):
    """The point movements of a day, each a non-negative integer."""

    day = serializers.DateField()
    live = serializers.BooleanField(help_text="Computed now (today, or a day not closed yet).")
    opening = serializers.IntegerField(help_text="Outstanding points at the day's start.")
    earned_pending = serializers.IntegerField()
    earned_available = serializers.IntegerField()
    released = serializers.IntegerField(help_text="Made available after the return window.")
    spent_checkout = serializers.IntegerField()
    spent_rewards = serializers.IntegerField()
    clawed_back = serializers.IntegerField(help_text="Taken back after refunds.")
    expired = serializers.IntegerField()
    adjusted_up = serializers.IntegerField()
    adjusted_down = serializers.IntegerField()
    returned = serializers.IntegerField(help_text="Given back for cancellations.")
    closing = serializers.IntegerField(help_text="Outstanding points at the day's end.")
    closing_available = serializers.IntegerField()
    closing_pending = serializers.IntegerField()

    def to_representation(self, figures: DayFigures) -> dict[str, Any]:
        points = figures.points
        return {
            "day": figures.day.isoformat(),
            "live": figures.live,
            "opening": figures.opening,
            "earned_pending": points["points_earned_pending"],
            "earned_available": points["points_earned_available"],
            "released": points["points_released"],
            "spent_checkout": points["points_spent_checkout"],
            "spent_rewards": points["points_spent_rewards"],
            "clawed_back": points["points_clawed_back"],
            "expired": points["points_expired"],
            "adjusted_up": points["points_adjusted_up"],
            "adjusted_down": points["points_adjusted_down"],
            "returned": points["points_returned"],
            "closing": figures.closing,
            "closing_available": points["closing_available"],
            "closing_pending": points["closing_pending"],
        }


class ProgrammeDaySerializer(PointFlowsSerializer):
    members_joined = serializers.IntegerField()
    active_members = serializers.IntegerField(help_text="Members who earned, spent or ordered.")
    member_orders = serializers.IntegerField()
    guest_orders = serializers.IntegerField()
    sales = SalesSerializer(many=True, help_text="Paid orders' totals by currency.")

    def to_representation(self, figures: DayFigures) -> dict[str, Any]:
        return {
            **super().to_representation(figures),
            **figures.counts,
            "sales": [
                {"currency": currency, "members": f"{members:.2f}", "guests": f"{guests:.2f}"}
                for currency, (members, guests) in sorted(figures.sales.items())
            ],
        }


class ValueSerializer(serializers.Serializer[dict[str, object]]):
    currency = serializers.CharField()
    amount = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, help_text="Null: no exchange rate."
    )


class AccountingDaySerializer(PointFlowsSerializer):
    closing_value = ValueSerializer(
        many=True, help_text="The closing balance's redemption value in each currency."
    )

    def to_representation(self, figures: DayFigures) -> dict[str, Any]:
        # The view gives one valuer for all rows (``closing_valuer``: rates looked up once).
        values = self.context.get("closing_values", closing_values)(figures.closing)
        return {
            **super().to_representation(figures),
            "closing_value": [
                {
                    "currency": currency,
                    "amount": None if value is None else f"{value.amount:.2f}",
                }
                for currency, value in values.items()
            ],
        }


class ReportSerializer(serializers.Serializer[dict[str, object]]):
    from_ = serializers.DateField()
    to = serializers.DateField()

    def get_fields(self) -> dict[str, Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class ProgrammeReportSerializer(ReportSerializer):
    days = ProgrammeDaySerializer(many=True)


class AccountingReportSerializer(ReportSerializer):
    days = AccountingDaySerializer(many=True)
