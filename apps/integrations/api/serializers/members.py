from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from apps.members.models import PROFILE_FIELDS, CustomerType, Member, RfmSegment

from ..fields import StrictChoiceField, StrictEmailField, TimeZoneField, strict_mapping

PROFILE_WRITE_FIELDS = ("external_id", *PROFILE_FIELDS)


class MemberSerializer(CountryFieldMixin, serializers.ModelSerializer[Member]):
    """A member as integrators see it; points, tier and segments are never writable here. The
    RFM fields are the nightly scoring's (docs/segments.md): blank and null until scored."""

    email = serializers.EmailField(source="user.email", read_only=True)
    country = CountryField(allow_blank=True, read_only=True)
    customer_type = serializers.ChoiceField(
        choices=CustomerType.choices, allow_blank=True, read_only=True
    )
    rfm_segment = serializers.ChoiceField(
        choices=RfmSegment.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("From the nightly RFM scoring; blank until the member is first scored."),
    )

    class Meta:
        model = Member
        fields = (
            "id",
            "email",
            *PROFILE_WRITE_FIELDS,
            "segment",
            "rfm_segment",
            "rfm_recency",
            "rfm_frequency",
            "rfm_monetary",
            "rfm_scored_at",
            "referral_code",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class MemberUpdateSerializer(CountryFieldMixin, serializers.ModelSerializer[Member]):
    """The profile fields an integration may change (all optional)."""

    serializer_field_mapping = strict_mapping(serializers.ModelSerializer.serializer_field_mapping)
    serializer_choice_field = StrictChoiceField
    timezone = TimeZoneField(required=False)

    class Meta:
        model = Member
        fields: tuple[str, ...] = PROFILE_WRITE_FIELDS
        extra_kwargs = {name: {"required": False} for name in PROFILE_WRITE_FIELDS} | {
            # uniqueness is the service's answer (409 external_id_taken), as for orders
            "external_id": {"required": False, "validators": []}
        }

    def validate_external_id(self, value: str) -> str:
        return value.strip()


class MemberCreateSerializer(MemberUpdateSerializer):
    """A new member: only ``email`` is required."""

    email = StrictEmailField(max_length=254)

    class Meta(MemberUpdateSerializer.Meta):
        fields = ("email", *PROFILE_WRITE_FIELDS)

    def validate_email(self, value: str) -> str:
        value = value.strip()
        if "@" not in value:
            raise serializers.ValidationError(_("Enter a valid email address."))
        return value
