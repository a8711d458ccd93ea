"""Field types shared by the API's serializers."""

from typing import TYPE_CHECKING, Any, NoReturn, TypedDict
from zoneinfo import available_timezones

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from djmoney.money import Money
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.currencies.selectors import round_to_minor_unit

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

    # ``ModelSerializer.serializer_field_mapping``: model field class -> serializer field class.
    FieldMapping = dict[type[models.Field[Any, Any]], type[serializers.Field[Any, Any, Any, Any]]]


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.50"})
class _DecimalString(serializers.CharField):
    pass


class MoneyJSON(TypedDict):
    """An amount as the API writes it."""

    amount: str
    currency: str


class MoneySerializer(serializers.Serializer[MoneyJSON]):
    """The schema's one ``Money`` component (every amount in the API has this shape)."""

    amount = _DecimalString(
        help_text="Rounded to the currency's minor unit; a string, never a float."
    )
    currency = serializers.CharField(help_text="ISO 4217 code.")


# Where an amount may be absent: the Money component or null.
NULLABLE_MONEY = {"allOf": [{"$ref": "#/components/schemas/Money"}], "nullable": True}


@extend_schema_field(MoneySerializer)
class MoneyField(serializers.Field[Money, object, MoneyJSON, Any]):
    """Money as ``{"amount": "12.50", "currency": "EUR"}`` (the amount is a string, never a
    float, rounded to the currency's minor unit). The source is a djmoney ``Money``; read-only.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Money) -> MoneyJSON:
        currency = str(value.currency)
        return {"amount": str(round_to_minor_unit(value.amount, currency)), "currency": currency}


@extend_schema_field(NULLABLE_MONEY)
class NullableMoneyField(MoneyField):
    pass


class _Strict(serializers.Field[Any, Any, Any, Any]):
    """Refuse JSON values of the wrong type instead of coercing them (DRF would turn 7 into
    "7" or "7" into 7): what the schema says is what the API accepts."""

    accepted_types: tuple[type, ...] = ()
    type_name: "StrPromise"

    def to_internal_value(self, data: object) -> Any:
        if isinstance(data, bool) and bool not in self.accepted_types:
            self._refuse()
        if not isinstance(data, self.accepted_types):
            self._refuse()
        return super().to_internal_value(data)

    def _refuse(self) -> NoReturn:
        raise serializers.ValidationError(
            _("Expected a %(type)s.") % {"type": self.type_name}, code="invalid_type"
        )


class StrictCharField(_Strict, serializers.CharField):
    accepted_types = (str,)
    type_name = gettext_lazy("string")


class StrictEmailField(_Strict, serializers.EmailField):
    accepted_types = (str,)
    type_name = gettext_lazy("string")


class StrictIntegerField(_Strict, serializers.IntegerField):
    accepted_types = (int,)
    type_name = gettext_lazy("whole number")


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": r"^\d{1,14}(?:\.\d{1,2})?$"}
)
class StrictDecimalField(_Strict, serializers.DecimalField):
    """Amounts are strings ("12.50"), as in responses, so no float ever touches money."""

    accepted_types = (str,)
    type_name = gettext_lazy('decimal number in a string, e.g. "12.50"')


class StrictBooleanField(_Strict, serializers.BooleanField):
    accepted_types = (bool,)
    type_name = gettext_lazy("true or false")


class StrictChoiceField(_Strict, serializers.ChoiceField):
    accepted_types = (str,)
    type_name = gettext_lazy("string")


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 64,
        "example": "Europe/Berlin",
        "description": "An IANA time zone name, e.g. Europe/Berlin or Asia/Shanghai "
        "(the list: sdk/time-zones.md).",
    }
)
class TimeZoneField(StrictChoiceField):
    """An IANA time zone name. Published as a string, not as an enum of the ~600 names: several
    collapse to one identifier in generated clients (GMT0, GMT+0, GMT-0)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=sorted(available_timezones()), **kwargs)


@extend_schema_field(
    {"type": "string", "format": "uri", "pattern": "^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/.*)?$"}
)
class StrictURLField(_Strict, serializers.URLField):
    accepted_types = (str,)
    type_name = gettext_lazy("string")


STRICT_FIELD_MAPPING = {
    "CharField": StrictCharField,
    "TextField": StrictCharField,
    "EmailField": StrictEmailField,
    "URLField": StrictURLField,
    "BooleanField": StrictBooleanField,
    "IntegerField": StrictIntegerField,
    "PositiveIntegerField": StrictIntegerField,
}


def strict_mapping(mapping: "FieldMapping") -> "FieldMapping":
    """A ModelSerializer field mapping with the strict field types above."""
    return {
        model_field: STRICT_FIELD_MAPPING.get(model_field.__name__, field)
        for model_field, field in mapping.items()
    }
