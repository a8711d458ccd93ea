"""A company's points account through the API (#20, docs/companies.md, "Points and tiers"):
its balance and tier, its ledger, and earn, spend and adjust on it, like a member's (the same
idempotency, points limits and approval threshold). Scopes ``companies:read`` and
``companies:write``. The company CRUD endpoints live in their own module."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from djmoney.money import Money
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from apps.companies.models import Company
from apps.ledger import services as ledger
from apps.ledger.adjustments import request_adjustment
from apps.ledger.holders import Holder, company_holder
from apps.ledger.models import LedgerEntry, PointsAccount
from apps.ledger.selectors import holder_balance
from apps.tiers.selectors import company_standing

from ...idempotency import request_fingerprint, run_once
from ...models import ApiKey
from ...points_limits import CountedCredit
from ...scopes import COMPANIES_READ, COMPANIES_WRITE
from ..authentication import request_api_key
from ..idempotent import idempotency_key, idempotency_parameter, ledger_key, stored_response
from ..pagination import LedgerCursorPagination
from ..serializers import represent
from ..serializers.points import (
    AdjustSerializer,
    BalanceSerializer,
    EarnSerializer,
    LedgerEntrySerializer,
    PointsResultSerializer,
    SpendSerializer,
)
from .points import _DOC as MEMBER_DOC
from .points import ADJUST_RESPONSES, AdjustView, LedgerFilter, _PointsView

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
        points = holder_balance(holder)
        progress = company_standing(found)
        data = {
            "available": points.available,
            "pending": points.pending,
            "lifetime_earned": points.lifetime_earned,
            "expiring_soon": points.expiring_soon,
            "tier": progress.tier,
            "progress": {
                "next_tier": progress.next_tier,
                "qualifying_spend": Money(progress.spend, settings.BASE_CURRENCY),
                "remaining": progress.remaining,
                "percent": progress.percent,
            },
            "account": holder.as_dict(),
        }
        return Response(represent(BalanceSerializer, data))


@extend_schema(
    summary="A company's ledger entries", tags=["companies"], parameters=[COMPANY_PARAMETER]
)
class CompanyLedgerView(generics.ListAPIView[LedgerEntry]):
    """Every change of the company's points, newest first, each with the buyer who earned or
    spent it (``member``; null for the company's own changes); filter by ``kind`` and time."""

    required_scopes = {"GET": COMPANIES_READ}
    serializer_class = LedgerEntrySerializer
    pagination_class = LedgerCursorPagination
    filterset_class = LedgerFilter

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return LedgerEntry.objects.none()
        company = find_company(self.kwargs["company"])
        return LedgerEntry.objects.filter(account__company=company).select_related("account")


class _CompanyPointsView(_PointsView):
    """A member's points write (``points._PointsView``) on the company's own account: no
    buyer, the general path of ``run_once`` (one write and its stored response per key)."""

    required_scopes = {"POST": COMPANIES_WRITE}

    def post(self, request: Request, company: str) -> Response:
        holder = company_holder(find_company(company))
        incoming = self.request_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        data = incoming.validated_data
        reference = data.pop("reference")
        source = f"api:{reference}" if reference else f"api:{request_api_key(request).prefix}"
        statement = self.company_statement(
            data, holder=holder, idempotency_key=ledger_key(request, key), source=source
        )
        fingerprint = request_fingerprint(
            method=request.method or "", path=request.path, data=request.data
        )
        with self.counted(statement, api_key=request_api_key(request)) as credit:
            stored = run_once(
                api_key=request_api_key(request),
                key=key,
                fingerprint=fingerprint,
                operation=lambda: _write(statement, holder, credit.refusal),
            )
        credit.settle(replayed=stored.replayed)
        return stored_response(stored)

    def company_statement(
        self, data: dict[str, Any], *, holder: Holder, idempotency_key: str, source: str
    ) -> ledger.Statement:
        raise NotImplementedError


def _write(
    statement: ledger.Statement, holder: Holder, refusal: Exception | None
) -> tuple[int, dict[str, Any]]:
    if refusal is not None:  # not a repeat: that would have been answered
        raise refusal
    result = ledger.run(statement)
    result.entry.account = PointsAccount(pk=result.entry.account_id, company_id=holder.company_id)
    balance = {"available": result.available, "pending": result.pending}
    body = represent(PointsResultSerializer, {"entry": result.entry, "balance": balance})
    return 201, body


_DOC: Any = MEMBER_DOC | {
    "tags": ["companies"],
    "parameters": [COMPANY_PARAMETER, idempotency_parameter(required=True)],
}


@extend_schema(summary="Earn points for a company", request=EarnSerializer, **_DOC)
class CompanyEarnView(_CompanyPointsView):
    """Credit the company's account, as ``POST /members/{member}/points/earn/`` does a
    member's (the same points limits per API key: 409 ``approval_required`` above them)."""

    request_serializer = EarnSerializer

    def counted(self, statement: ledger.Statement, *, api_key: ApiKey) -> CountedCredit:
        return CountedCredit(api_key, statement.points, now=timezone.now())

    def company_statement(
        self, data: dict[str, Any], *, holder: Holder, idempotency_key: str, source: str
    ) -> ledger.Statement:
        return ledger.earn_statement(
            member=None,
            holder=holder,
            points=data["points"],
            reason=data["reason"],
            idempotency_key=idempotency_key,
            source=source,
            available_at=data.get("available_at"),
            expires_at=data.get("expires_at", ledger.DEFAULT_EXPIRY),
        )


@extend_schema(summary="Spend a company's points", request=SpendSerializer, **_DOC)
class CompanySpendView(_CompanyPointsView):
    """Debit the company's available points, soonest-expiring first; 409
    ``insufficient_points`` when it has fewer (nothing changes)."""

    request_serializer = SpendSerializer

    def company_statement(
        self, data: dict[str, Any], *, holder: Holder, idempotency_key: str, source: str
    ) -> ledger.Statement:
        return ledger.spend_statement(
            member=None,
            holder=holder,
            points=data["points"],
            reason=data["reason"],
            idempotency_key=idempotency_key,
            source=source,
        )


@extend_schema(
    summary="Adjust a company's points",
    request=AdjustSerializer,
    **_DOC | {"responses": ADJUST_RESPONSES},
)
class CompanyAdjustView(generics.GenericAPIView[LedgerEntry]):
    """A correction of the company's account, as a member's adjustment: the same approval
    threshold per staff member and account (409 ``approval_required`` above it) and points
    limits; a key of a member of the company gets 403 ``own_account``."""

    required_scopes = {"POST": COMPANIES_WRITE}
    serializer_class = PointsResultSerializer  # type: ignore[assignment]  # the response's shape

    def post(self, request: Request, company: str) -> Response:
        target = find_company(company)
        incoming = AdjustSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        fingerprint = request_fingerprint(
            method=request.method or "", path=request.path, data=request.data
        )
        data = incoming.validated_data
        api_key = request_api_key(request)
        with CountedCredit(api_key, data["points"], now=timezone.now()) as credit:
            stored = run_once(
                api_key=api_key,
                key=key,
                fingerprint=fingerprint,
                operation=lambda: _adjust(data, target, api_key, credit.refusal),
            )
        credit.settle(replayed=stored.replayed)
        return stored_response(stored)


def _adjust(
    data: dict[str, Any], target: Company, api_key: ApiKey, refusal: Exception | None
) -> tuple[int, dict[str, Any]]:
    if refusal is not None:  # not a repeat: that would have been answered
        raise refusal
    adjustment = request_adjustment(
        member=None,
        company=target,
        points=data["points"],
        reason=data["reason"],
        requested_by=api_key.created_by,
        api_key_prefix=api_key.prefix,
        reference=data["reference"],
    )
    return AdjustView.answer(adjustment, PointsAccount(company=target))


# Kept apart from the member endpoints, and from the company CRUD (their own module), so that
# each registers its own paths (``urls.py`` adds these).
urlpatterns_v1 = [
    ("companies/<str:company>/balance/", CompanyBalanceView, "company-balance"),
    ("companies/<str:company>/ledger/", CompanyLedgerView, "company-ledger"),
    ("companies/<str:company>/points/earn/", CompanyEarnView, "company-earn"),
    ("companies/<str:company>/points/spend/", CompanySpendView, "company-spend"),
    ("companies/<str:company>/points/adjust/", CompanyAdjustView, "company-adjust"),
]
