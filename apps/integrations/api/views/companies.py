"""Companies (docs/companies.md): the company, its details and its members with their roles."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from apps.companies import services
from apps.companies.errors import NotCompanyMember
from apps.companies.models import Company, CompanyMember
from apps.companies.selectors import members_of, with_member_counts

from ...scopes import COMPANIES_READ, COMPANIES_WRITE
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, idempotent_response
from ..serializers.companies import (
    CompanyCreateSerializer,
    CompanyMemberAddSerializer,
    CompanyMemberSerializer,
    CompanySerializer,
    CompanyUpdateSerializer,
)
from .base import MEMBER_PARAMETER, find_member, is_id

INVALID_TAX_ID = OpenApiResponse(
    description="Invalid input (`invalid`, with `fields`); or `vat_id` is not a valid VAT / tax "
    "id of the company's `country` (`invalid_tax_id`, with `fields.vat_id` naming the expected "
    "format), or a bad Idempotency-Key. Nothing is changed."
)
COMPANY_PARAMETER = OpenApiParameter(
    "company",
    str,
    OpenApiParameter.PATH,
    description="The company's id (`7`), or `external:<your id>` (e.g. `external:K-1001`).",
)


def companies() -> QuerySet[Company]:
    return with_member_counts(Company.objects.select_related("account_manager")).order_by("id")


def find_company(lookup: str, queryset: QuerySet[Company] | None = None) -> Company:
    """The company for a path value: an id or ``external:<id>``."""
    found = companies() if queryset is None else queryset
    if is_id(lookup):
        found = found.filter(pk=int(lookup))
    elif lookup.startswith("external:") and len(lookup) > 9:
        found = found.filter(external_id=lookup.removeprefix("external:"))
    else:
        raise Http404
    company = found.first()
    if company is None:
        raise Http404
    return company


class CompanyFilter(StrictFilterSet):
    external_id = django_filters.CharFilter()
    vat_id = django_filters.CharFilter()
    member_email = django_filters.CharFilter(
        field_name="memberships__member__user__email", lookup_expr="iexact"
    )
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Company
        fields = (
            "external_id",
            "vat_id",
            "country",
            "customer_type",
            "segment",
            "payment_terms",
        )


@extend_schema_view(
    get=extend_schema(summary="List companies", tags=["companies"]),
    post=extend_schema(
        summary="Create a company",
        tags=["companies"],
        request=CompanyCreateSerializer,
        responses={201: CompanySerializer, 400: INVALID_TAX_ID},
        parameters=[idempotency_parameter(required=False)],
    ),
)
class CompanyListView(generics.ListCreateAPIView[Company]):
    """Companies, oldest first, with their number of members. Creating one needs
    ``legal_name`` and ``country``; its VAT / tax id is checked for the country."""

    required_scopes = {"GET": COMPANIES_READ, "POST": COMPANIES_WRITE}
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

    def get_queryset(self) -> QuerySet[Company]:
        return companies()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = CompanyCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=False)

        def operation() -> tuple[int, dict[str, Any]]:
            company = services.create_company(**incoming.validated_data)
            return status.HTTP_201_CREATED, CompanySerializer(find_company(str(company.pk))).data

        return idempotent_response(request, key=key, operation=operation)


@extend_schema_view(
    get=extend_schema(summary="Get a company", tags=["companies"], parameters=[COMPANY_PARAMETER]),
    patch=extend_schema(
        summary="Update a company",
        tags=["companies"],
        request=CompanyUpdateSerializer,
        responses={200: CompanySerializer, 400: INVALID_TAX_ID},
        parameters=[COMPANY_PARAMETER],
    ),
)
class CompanyDetailView(generics.GenericAPIView[Company]):
    required_scopes = {"GET": COMPANIES_READ, "PATCH": COMPANIES_WRITE}
    serializer_class = CompanySerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get(self, request: Request, company: str) -> Response:
        return Response(CompanySerializer(find_company(company)).data)

    def patch(self, request: Request, company: str) -> Response:
        target = find_company(company)
        incoming = CompanyUpdateSerializer(target, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        services.update_company(company=target, **incoming.validated_data)
        return Response(CompanySerializer(find_company(str(target.pk))).data)


@extend_schema_view(
    get=extend_schema(
        summary="List a company's members", tags=["companies"], parameters=[COMPANY_PARAMETER]
    ),
    post=extend_schema(
        summary="Add a member to a company",
        tags=["companies"],
        request=CompanyMemberAddSerializer,
        responses={
            201: CompanyMemberSerializer,
            409: OpenApiResponse(
                description="The member belongs to a company already (`already_in_company`)."
            ),
        },
        parameters=[COMPANY_PARAMETER, idempotency_parameter(required=False)],
    ),
)
class CompanyMemberListView(generics.ListCreateAPIView[CompanyMember]):
    """The company's members with their roles (`admin`, `buyer`, `viewer`), admins first. A
    member belongs to one company at most."""

    required_scopes = {"GET": COMPANIES_READ, "POST": COMPANIES_WRITE}
    serializer_class = CompanyMemberSerializer

    def get_queryset(self) -> QuerySet[CompanyMember]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generation
            return CompanyMember.objects.none()
        company = find_company(self.kwargs["company"], Company.objects.only("pk"))
        return members_of(company.pk).order_by("role", "id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        company = find_company(self.kwargs["company"], Company.objects.all())
        incoming = CompanyMemberAddSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=False)

        def operation() -> tuple[int, dict[str, Any]]:
            member = find_member(incoming.validated_data["member"])
            membership = services.add_member(
                company=company, member=member, role=incoming.validated_data["role"]
            )
            return status.HTTP_201_CREATED, CompanyMemberSerializer(membership).data

        return idempotent_response(request, key=key, operation=operation)


@extend_schema(
    summary="Remove a member from a company",
    tags=["companies"],
    parameters=[COMPANY_PARAMETER, MEMBER_PARAMETER],
    responses={
        204: None,
        409: OpenApiResponse(
            description="The company's last company admin cannot be removed (`last_company_admin`)."
        ),
    },
)
class CompanyMemberDetailView(generics.GenericAPIView[CompanyMember]):
    """The member leaves the company; the orders they placed for it stay the company's."""

    required_scopes = {"DELETE": COMPANIES_WRITE}
    serializer_class = CompanyMemberSerializer
    http_method_names = ["delete", "options"]

    def delete(self, request: Request, company: str, member: str) -> Response:
        target = find_company(company, Company.objects.all())
        found = find_member(member)
        try:
            services.remove_member(company=target, member_id=found.pk)
        except NotCompanyMember as error:
            raise Http404 from error
        return Response(status=status.HTTP_204_NO_CONTENT)
