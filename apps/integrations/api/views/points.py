import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status

from apps.ledger import services as ledger
from apps.ledger.errors import ApprovalRequired
from apps.ledger.models import LedgerEntry, PointsAccount, Programme

from ...scopes import MEMBERS_READ, POINTS_WRITE
from ..filters import StrictFilterSet
from ..idempotent import idempotency_key, idempotency_parameter, idempotent_response, ledger_key
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


@extend_schema(summary="A member's ledger entries", tags=["points"], parameters=[MEMBER_PARAMETER])
class LedgerView(generics.ListAPIView):
    """Every change of the member's points, newest first; filter by ``kind`` and time."""

    required_scopes = {"GET": MEMBERS_READ}
    serializer_class = LedgerEntrySerializer
    pagination_class = LedgerCursorPagination
    filterset_class = LedgerFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return LedgerEntry.objects.none()
        member = find_member(self.kwargs["member"])
        return LedgerEntry.objects.filter(account__member=member).select_related("account")


class _PointsView(generics.GenericAPIView):
    """Validates the body, runs ``change`` once per Idempotency-Key, answers 201 with the entry
    and the balance after it."""

    required_scopes = {"POST": POINTS_WRITE}
    serializer_class = PointsResultSerializer
    request_serializer = None

    def post(self, request, member: str):
        # The ledger needs the member's id and time zone (their calendar for expiry dates).
        target = member_with(member, "timezone")
        incoming = self.request_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = idempotency_key(request, required=True)
        data = incoming.validated_data
        reference = data.pop("reference")
        source = f"api:{reference}" if reference else source_label(request)

        def operation():
            result = self.change(
                member=target, idempotency_key=ledger_key(request, key), source=source, **data
            )
            # The entry's member is the target; the balances came back with the change.
            result.entry.account = PointsAccount(pk=result.entry.account_id, member=target)
            balance = {"available": result.available, "pending": result.pending}
            body = represent(PointsResultSerializer, {"entry": result.entry, "balance": balance})
            return status.HTTP_201_CREATED, body

        return idempotent_response(request, key=key, operation=operation)

    def change(self, **arguments) -> ledger.LedgerResult:
        raise NotImplementedError


_DOC = {
    "tags": ["points"],
    "responses": {201: PointsResultSerializer},
    "parameters": [MEMBER_PARAMETER, idempotency_parameter(required=True)],
}


@extend_schema(summary="Earn points", request=EarnSerializer, **_DOC)
class EarnView(_PointsView):
    """Credit points as a new lot: available at once unless ``available_at`` is later;
    expiring per the programme unless ``expires_at`` is given (null: never)."""

    request_serializer = EarnSerializer

    def change(self, **arguments):
        if "expires_at" not in arguments:
            arguments["expires_at"] = ledger.DEFAULT_EXPIRY
        return ledger.earn(**arguments)


@extend_schema(summary="Spend points", request=SpendSerializer, **_DOC)
class SpendView(_PointsView):
    """Debit available points, soonest-expiring first. 409 ``insufficient_points`` when the
    member has fewer available points (nothing changes)."""

    request_serializer = SpendSerializer

    def change(self, **arguments):
        return ledger.spend(**arguments)


@extend_schema(summary="Adjust points", request=AdjustSerializer, **_DOC)
class AdjustView(_PointsView):
    """A correction: positive points credit, negative debit. Adjustments above the programme's
    approval threshold need a second staff member and are refused here (409
    ``approval_required``): request them in the admin."""

    request_serializer = AdjustSerializer

    def change(self, *, points: int, **arguments):
        if abs(points) > Programme.current().adjustment_approval_threshold:
            raise ApprovalRequired(
                _("Adjustments above %(threshold)s points need a second approver in the admin.")
                % {"threshold": Programme.current().adjustment_approval_threshold}
            )
        return ledger.adjust(points=points, actor=None, **arguments)
