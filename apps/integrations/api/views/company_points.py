"""A company's points account through the API (#20, docs/companies.md, "Points and tiers"):
its balance and tier, its ledger, and earn, spend and adjust on it, like a member's (the same
idempotency, points limits and approval threshold). Scopes ``companies:read`` and
``companies:write``. The same views as a member's (``points``), resolving the URL to the
company's account (a ``ledger.holders.Holder``) instead of a member. The company CRUD endpoints
live in their own module."""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from apps.companies.models import Company
from apps.ledger.holders import Holder, company_holder
from apps.ledger.models import PointsAccount
from apps.ledger.selectors import holder_balance
from apps.tiers.selectors import company_standing

from ...scopes import COMPANIES_READ, COMPANIES_WRITE
from ..idempotent import idempotency_parameter
from ..serializers.points import (
    AdjustSerializer,
    BalanceSerializer,
    EarnSerializer,
    SpendSerializer,
)
from .members import balance_response
from .points import _DOC as MEMBER_DOC
from .points import (
    ADJUST_RESPONSES,
    AdjustBase,
    EarnBase,
    LedgerBase,
    PointsTarget,
    SpendBase,
)

COMPANY_PARAMETER = OpenApiParameter(
    "company", int, OpenApiParameter.PATH, description="The company's id."
)


def find_company(lookup: str) -> Company:
    """The company for a path value (its id); a merged company answers for its survivor."""
    if not (lookup.isascii() and lookup.isdigit() and len(lookup) <= 18):
        raise Http404
    company = get_object_or_404(Company, pk=int(lookup))
    while company.merged_into_id is not None:
        company = Company.objects.get(pk=company.merged_into_id)
    return company


@extend_schema(
    summary="A company's points and tier",
    tags=["companies"],
    responses={200: BalanceSerializer},
    parameters=[COMPANY_PARAMETER],
)
class CompanyBalanceView(generics.GenericAPIView[Company]):
    """The company's account: available, pending and lifetime points, points expiring soon,
    the tier its buyers share and progress to the next (the same shape as a member's balance;
    ``account`` names the company)."""

    required_scopes = {"GET": COMPANIES_READ}
    serializer_class = BalanceSerializer  # type: ignore[assignment]  # the response's shape

    def get(self, request: Request, company: str) -> Response:
        found = find_company(company)
        holder = company_holder(found)
        return balance_response(holder, holder_balance(holder), company_standing(found))


@extend_schema(
    summary="A company's ledger entries", tags=["companies"], parameters=[COMPANY_PARAMETER]
)
class CompanyLedgerView(LedgerBase):
    """Every change of the company's points, newest first, each with the buyer who earned or
    spent it (``member``; null for the company's own changes); filter by ``kind`` and time."""

    required_scopes = {"GET": COMPANIES_READ}

    def holder(self) -> Holder:
        return company_holder(find_company(self.kwargs["company"]))


class _CompanyTarget:
    """The company's own account as the target of a member's points write or ledger view
    (``points``): no buyer; the URL's ``company`` names it (a merged company: its survivor)."""

    required_scopes = {"POST": COMPANIES_WRITE}
    target_kwarg = "company"

    def target(self, lookup: str) -> PointsTarget:
        return PointsTarget(None, company_holder(find_company(lookup)))


_DOC: Any = MEMBER_DOC | {
    "tags": ["companies"],
    "parameters": [COMPANY_PARAMETER, idempotency_parameter(required=True)],
}


@extend_schema(summary="Earn points for a company", request=EarnSerializer, **_DOC)
class CompanyEarnView(_CompanyTarget, EarnBase):
    """Credit the company's account, as ``POST /members/{member}/points/earn/`` does a
    member's (the same points limits per API key: 409 ``approval_required`` above them)."""


@extend_schema(summary="Spend a company's points", request=SpendSerializer, **_DOC)
class CompanySpendView(_CompanyTarget, SpendBase):
    """Debit the company's available points, soonest-expiring first; 409
    ``insufficient_points`` when it has fewer (nothing changes)."""


@extend_schema(
    summary="Adjust a company's points",
    request=AdjustSerializer,
    **_DOC | {"responses": ADJUST_RESPONSES},
)
class CompanyAdjustView(AdjustBase):
    """A correction of the company's account, as a member's adjustment: the same approval
    threshold per staff member and account (409 ``approval_required`` above it) and points
    limits; a key of a member of the company gets 403 ``own_account``."""

    required_scopes = {"POST": COMPANIES_WRITE}
    target_kwarg = "company"

    def subject(self, lookup: str) -> tuple[dict[str, Any], PointsAccount]:
        company = find_company(lookup)
        return {"member": None, "company": company}, PointsAccount(company=company)


# Kept apart from the member endpoints, and from the company CRUD (their own module), so that
# each registers its own paths (``urls.py`` adds these).
urlpatterns_v1 = [
    ("companies/<str:company>/balance/", CompanyBalanceView, "company-balance"),
    ("companies/<str:company>/ledger/", CompanyLedgerView, "company-ledger"),
    ("companies/<str:company>/points/earn/", CompanyEarnView, "company-earn"),
    ("companies/<str:company>/points/spend/", CompanySpendView, "company-spend"),
    ("companies/<str:company>/points/adjust/", CompanyAdjustView, "company-adjust"),
]
