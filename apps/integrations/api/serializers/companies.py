from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from django_countries.serializers import CountryFieldMixin
from rest_framework import serializers

from apps.companies.models import Company, CompanyMember, CompanyRole

from ..fields import StrictChoiceField, strict_mapping

COMPANY_WRITE_FIELDS = (
    "legal_name",
    "country",
    "vat_id",
    "customer_type",
    "segment",
    "payment_terms",
    "external_id",
)


class CompanySerializer(CountryFieldMixin, serializers.ModelSerializer[Company]):
    """A company as integrators see it (its members: ``/companies/{id}/members/``)."""

    country = CountryField(read_only=True)
    account_manager = serializers.EmailField(
        source="account_manager.email",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("The e-mail of the staff member who manages the account, or null."),
    )
    member_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Company
        fields = (
            "id",
            *COMPANY_WRITE_FIELDS,
            "account_manager",
            "member_count",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class CompanyUpdateSerializer(CountryFieldMixin, serializers.ModelSerializer[Company]):
    """The fields an integration may change (all optional)."""

    serializer_field_mapping = strict_mapping(serializers.ModelSerializer.serializer_field_mapping)
    serializer_choice_field = StrictChoiceField

    class Meta:
        model = Company
        fields: tuple[str, ...] = COMPANY_WRITE_FIELDS
        extra_kwargs = {name: {"required": False} for name in COMPANY_WRITE_FIELDS} | {
            # uniqueness is the service's answer (409 external_id_taken), as for members
            "external_id": {"required": False, "validators": []}
        }

    def validate_legal_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("This field may not be blank."))
        return value


class CompanyCreateSerializer(CompanyUpdateSerializer):
    """A new company: ``legal_name`` and ``country`` are required."""

    class Meta(CompanyUpdateSerializer.Meta):
        extra_kwargs = CompanyUpdateSerializer.Meta.extra_kwargs | {
            "legal_name": {"required": True},
            "country": {"required": True},
        }


class CompanyMemberSerializer(serializers.ModelSerializer[CompanyMember]):
    """A member's place in the company."""

    member = serializers.IntegerField(source="member_id", read_only=True)
    email = serializers.EmailField(source="member.user.email", read_only=True)
    external_id = serializers.CharField(source="member.external_id", read_only=True)
    joined_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = CompanyMember
        fields = ("member", "email", "external_id", "role", "joined_at")
        read_only_fields = fields


class CompanyMemberAddSerializer(serializers.Serializer[None]):
    member = serializers.CharField(
        max_length=260,
        help_text=_("The member's id (`42`), or `email:<address>`, or `external:<your id>`."),
    )
    role = StrictChoiceField(choices=CompanyRole.choices, default=CompanyRole.BUYER)
