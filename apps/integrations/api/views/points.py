from dataclasses import dataclass
from typing import Any, TypedDict

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from apps.ledger import services as ledger
from apps.ledger.adjustments import request_adjustment
from apps.ledger.errors import ApprovalRequired
from apps.ledger.holders import Holder
from apps.ledger.models import (
    AdjustmentRequest,
    AdjustmentStatus,
    LedgerEntry,
    PointsAccount,
    Programme,
)
from apps.members.models import Member

from ...idempotency import StoredResponse, points_once, request_fingerprint, run_once
from ...models import ApiKey
from ...points_limits import CountedCredit
from ...scopes import MEMBERS_READ, POINTS_WRITE
from ..authentication import request_api_key
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, ledger_key, stored_response
from ..pagination import LedgerCursorPagination
from ..serializers import represent
from ..serializers.points import (
    AdjustSerializer,
    EarnSerializer,
    LedgerEntrySerializer,
    PointsResultSerializer,
    SpendSerializer,
)
from .base import MEMBER_PARAMETER, find_member, member_with, source_label


class LedgerFilter(StrictFilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = LedgerEntry
        fields = ("kind",)


class LedgerBase(generics.ListAPIView[LedgerEntry]):
    """The entries of the account the URL names (``holder``), newest first."""

    required_scopes = {"GET": MEMBERS_READ}
    serializer_class = LedgerEntrySerializer
    pagination_class = LedgerCursorPagination
    filterset_class = LedgerFilter

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return LedgerEntry.objects.none()
        return LedgerEntry.objects.filter(account__in=self.holder().accounts()).select_related(
            "account"
        )

    def holder(self) -> Holder:
        """The account the URL names: here the member's own (a company's: ``company_points``)."""
        return Holder(find_member(self.kwargs["member"]).pk)


@extend_schema(summary="A member's ledger entries", tags=["points"], parameters=[MEMBER_PARAMETER])
class LedgerView(LedgerBase):
    """Every change of the member's points, newest first; filter by ``kind`` and time."""


@dataclass(frozen=True)
class PointsTarget:
    """Whose points a write changes, as the URL names them: a member (``holder`` None: the
    ledger decides whose account, ``ledger.holders``) or a company's own account (``member``
    None: no buyer)."""

    member: Member | None
    holder: Holder | None

    def account(self, result: ledger.LedgerResult, statement: ledger.Statement) -> PointsAccount:
        """The written entry's account, for its rendering (no query when it is known)."""
        account_id = result.entry.account_id
        if self.holder is not None and self.holder.company_id is not None:
            return PointsAccount(pk=account_id, company_id=self.holder.company_id)
        if statement.account_known and statement.arguments["company"] is None:
            return PointsAccount(pk=account_id, member=self.member)
        # The member's company's (the company earns; found by the ledger's function).
        return PointsAccount.objects.only("member_id", "company_id").get(pk=account_id)


class _PointsView(generics.GenericAPIView[LedgerEntry]):
    """Validates the body, runs the ledger statement once per Idempotency-Key, answers 201
    with the entry and the balance after it. The URL names a member (``target``; a company's
    account: ``company_points``)."""

    required_scopes = {"POST": POINTS_WRITE}
    serializer_class = PointsResultSerializer  # type: ignore[assignment]  # the response's shape; the stubs tie it to the queryset's model
    request_serializer: type[Serializer[Any]]  # set by each subclass
    target_kwarg = "member"  # the URL kwarg naming whose account

    def target(self, lookup: str) -> PointsTarget:
        # The ledger needs the member's id and time zone (their calendar for expiry dates).
        return PointsTarget(member_with(lookup, "timezone"), None)

    def post(self, request: Request, **kwargs: str) -> Response:
        target = self.target(kwargs[self.target_kwarg])
        incoming = self.request_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        data = incoming.validated_data
        reference = data.pop("reference")
        source = f"api:{reference}" if reference else source_label(request)
        statement = self.statement(
            data, target=target, idempotency_key=ledger_key(request, key), source=source
        )
        fingerprint = request_fingerprint(
            method=request.method or "", path=request.path, data=request.data
        )
        with self.counted(statement, api_key=request_api_key(request)) as credit:
            stored = self._once(request, key, fingerprint, statement, target, credit.refusal)
        credit.settle(replayed=stored.replayed)
        return stored_response(stored)

    def _once(
        self,
        request: Request,
        key: str,
        fingerprint: str,
        statement: ledger.Statement,
        target: PointsTarget,
        refusal: ApprovalRequired | None,
    ) -> StoredResponse:
        """The write (or the refusal) once per Idempotency-Key."""
        stored = None
        # ``points_once`` knows members' own accounts only: a company's account (the company
        # earns, ``holders``; found by the ledger's function) takes the general path.
        if refusal is None and statement.account_known and statement.arguments["company"] is None:
            # Usually one statement: the record, the ledger write and the stored response.
            entry = statement.entry(target.member)
            rendered = represent(
                PointsResultSerializer,
                {"entry": entry, "balance": {"available": 0, "pending": 0}},
            )
            stored = points_once(
                api_key=request_api_key(request),
                key=key,
                fingerprint=fingerprint,
                statement=statement,
                status=status.HTTP_201_CREATED,
                response=rendered,
            )
        if stored is None:  # a refusal, or the ledger had more to do: the general path
            stored = run_once(
                api_key=request_api_key(request),
                key=key,
                fingerprint=fingerprint,
                operation=lambda: self._write(statement, target, refusal),
            )
        return stored

    @staticmethod
    def _write(
        statement: ledger.Statement, target: PointsTarget, refusal: ApprovalRequired | None
    ) -> tuple[int, dict[str, Any]]:
        """The general path's operation (run once per key by ``run_once``)."""
        if refusal is not None:  # not a repeat: that would have been answered
            raise refusal
        result = ledger.run(statement, member=target.member)
        # The balances came back with the change.
        result.entry.account = target.account(result, statement)
        balance = {"available": result.available, "pending": result.pending}
        body = represent(PointsResultSerializer, {"entry": result.entry, "balance": balance})
        return status.HTTP_201_CREATED, body

    def statement(
        self, data: dict[str, Any], *, target: PointsTarget, idempotency_key: str, source: str
    ) -> ledger.Statement:
        """The ledger statement for the validated request ``data``."""
        raise NotImplementedError

    def counted(self, statement: ledger.Statement, *, api_key: ApiKey) -> CountedCredit:
        """The write checked against the key's points limits (``refusal``: why it may not
        happen now, raised unless the request is a repeat of one answered before)."""
        return CountedCredit(api_key, 0, now=timezone.now())  # nothing credited


class _SchemaOptions(TypedDict):
    """What the points writes' ``extend_schema`` share."""

    tags: list[str]
    responses: dict[int, type[Serializer[Any]] | OpenApiResponse]
    parameters: list[OpenApiParameter]


_DOC: _SchemaOptions = {
    "tags": ["points"],
    "responses": {201: PointsResultSerializer},
    "parameters": [MEMBER_PARAMETER, idempotency_parameter(required=True)],
}


class EarnBase(_PointsView):
    """An earn on the account the URL names (``target``)."""

    request_serializer = EarnSerializer

    def counted(self, statement: ledger.Statement, *, api_key: ApiKey) -> CountedCredit:
        return CountedCredit(api_key, statement.points, now=timezone.now())

    def statement(
        self, data: dict[str, Any], *, target: PointsTarget, idempotency_key: str, source: str
    ) -> ledger.Statement:
        return ledger.earn_statement(
            member=target.member,
            holder=target.holder,
            points=data["points"],
            reason=data["reason"],
            idempotency_key=idempotency_key,
            source=source,
            available_at=data.get("available_at"),
            expires_at=data.get("expires_at", ledger.DEFAULT_EXPIRY),
        )


@extend_schema(
    summary="Earn points",
    request=EarnSerializer,
    **_DOC
    | {
        "responses": {
            201: PointsResultSerializer,
            409: OpenApiResponse(
                description="`approval_required`: more than the key's `max_points_per_call`, "
                "or more than its `max_points_per_day` in total today (nothing changes; a staff "
                "member awards it as an adjustment); `idempotency_conflict`."
            ),
        }
    },
)
class EarnView(EarnBase):
    """Credit points as a new lot: available at once unless ``available_at`` is later;
    expiring per the programme unless ``expires_at`` is given (null: never; else in the future
    and after ``available_at``, or 400 on the field).

    Each API key earns at most its ``max_points_per_call`` per call and ``max_points_per_day``
    per calendar day (set on the key in the admin; 10,000 and 100,000 by default); above either
    the call is refused with 409 ``approval_required`` and changes nothing: an award that large
    is a staff adjustment, with a second approver."""


class SpendBase(_PointsView):
    """A spend from the account the URL names (``target``)."""

    request_serializer = SpendSerializer

    def statement(
        self, data: dict[str, Any], *, target: PointsTarget, idempotency_key: str, source: str
    ) -> ledger.Statement:
        return ledger.spend_statement(
            member=target.member,
            holder=target.holder,
            points=data["points"],
            reason=data["reason"],
            idempotency_key=idempotency_key,
            source=source,
        )


@extend_schema(summary="Spend points", request=SpendSerializer, **_DOC)
class SpendView(SpendBase):
    """Debit available points, soonest-expiring first. 409 ``insufficient_points`` when the
    member has fewer available points (nothing changes)."""


ADJUST_RESPONSES: dict[int, type[Serializer[Any]] | OpenApiResponse] = {
    201: PointsResultSerializer,
    403: OpenApiResponse(
        description="`insufficient_scope`, or `own_account`: the member is the staff "
        "member who created the key."
    ),
    409: OpenApiResponse(
        description="`approval_required`: the key creator's adjustments to this "
        "account within the programme's window would exceed the approval threshold, or "
        "a credit is over the key's `max_points_per_call` or `max_points_per_day` "
        "(nothing changes; a second staff member approves it in the admin); "
        "`insufficient_points` for a debit; `idempotency_conflict`."
    ),
}


class AdjustBase(generics.GenericAPIView[LedgerEntry]):
    """An adjustment of the account the URL names (``subject``)."""

    required_scopes = {"POST": POINTS_WRITE}
    serializer_class = PointsResultSerializer  # type: ignore[assignment]  # the response's shape; the stubs tie it to the queryset's model

    target_kwarg = "member"  # the URL kwarg naming whose account

    def subject(self, lookup: str) -> tuple[dict[str, Any], PointsAccount]:
        """Whose account the URL names, as ``request_adjustment`` takes it, and the account's
        owner for the entry's rendering (a company's: ``company_points``)."""
        member = member_with(lookup, "user_id", "timezone")  # in the model's field order
        return {"member": member}, PointsAccount(member=member)

    def post(self, request: Request, **kwargs: str) -> Response:
        subject, owner = self.subject(kwargs[self.target_kwarg])
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
                api_key=request_api_key(request),
                key=key,
                fingerprint=fingerprint,
                operation=lambda: self._adjust(data, subject, owner, api_key, credit.refusal),
            )
        credit.settle(replayed=stored.replayed)
        return stored_response(stored)

    @staticmethod
    def _adjust(
        data: dict[str, Any],
        subject: dict[str, Any],
        owner: PointsAccount,
        api_key: ApiKey,
        refusal: ApprovalRequired | None,
    ) -> tuple[int, dict[str, Any]]:
        if refusal is not None:  # not a repeat: that would have been answered
            raise refusal
        adjustment = request_adjustment(
            **subject,
            points=data["points"],
            reason=data["reason"],
            requested_by=api_key.created_by,
            api_key_prefix=api_key.prefix,
            reference=data["reference"],
        )
        return AdjustBase.answer(adjustment, owner)

    @staticmethod
    def answer(adjustment: AdjustmentRequest, owner: PointsAccount) -> tuple[int, dict[str, Any]]:
        """201 with the applied adjustment's entry and the balance after it (``owner``: the
        account's member or company, for the entry's rendering); else ``ApprovalRequired``."""
        if adjustment.status != AdjustmentStatus.APPLIED:  # rolled back: nothing is kept
            threshold = Programme.current().adjustment_approval_threshold
            raise ApprovalRequired(
                _(
                    "Adjustments above %(threshold)s points per staff member and account "
                    "within the programme's window need a second approver in the admin."
                )
                % {"threshold": threshold}
            )
        entry = adjustment.entry
        if entry is None:  # an applied adjustment always has its entry
            raise RuntimeError(f"adjustment {adjustment.pk} applied without an entry")
        account = PointsAccount.objects.only("available", "pending").get(pk=entry.account_id)
        owner.pk = entry.account_id
        entry.account = owner
        balance = {"available": account.available, "pending": account.pending}
        return status.HTTP_201_CREATED, represent(
            PointsResultSerializer, {"entry": entry, "balance": balance}
        )


@extend_schema(
    summary="Adjust points", request=AdjustSerializer, **_DOC | {"responses": ADJUST_RESPONSES}
)
class AdjustView(AdjustBase):
    """A correction: positive points credit, negative debit. The key acts for the staff member
    who created it: their adjustments to the member's account over the programme's window
    (absolute points, admin and API together) must stay within the approval threshold, else
    409 ``approval_required`` (nothing changes: ask a second staff member in the admin); a key
    of the member themselves gets 403 ``own_account``. A credit counts toward the key's points
    limits like an earn. Every adjustment is in the admin's audit list."""
