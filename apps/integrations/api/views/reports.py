"""The reporting API for integrators' BI tools: the programme's and the points accounting's
figures per day (``apps.analytics.selectors``: closed days from the rollups, today live)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.analytics.selectors import DayFigures, check_range, closing_valuer, daily_figures

from ...scopes import REPORTS_READ
from ..serializers.reports import (
    AccountingDaySerializer,
    AccountingReportSerializer,
    ProgrammeDaySerializer,
    ProgrammeQuerySerializer,
    ProgrammeReportSerializer,
    ReportRangeSerializer,
)


class ReportView(APIView):
    required_scopes = {"GET": REPORTS_READ}
    query_serializer = ReportRangeSerializer
    row_serializer: type[serializers.Serializer[DayFigures]] = ProgrammeDaySerializer

    @property
    def query_parameters(self) -> tuple[str, ...]:
        return tuple(self.query_serializer().fields)

    def get(self, request: Request) -> Response:
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        first, last = query.validated_data["from"], query.validated_data["to"]
        check_range(first, last)
        filters = {
            "country": query.validated_data.get("country", ""),
            "tier": str(query.validated_data.get("tier", "")),
        }
        days = daily_figures(first, last, **filters)
        return Response(
            {
                "from": first.isoformat(),
                "to": last.isoformat(),
                # The stubs know no ``many=True`` (a list serializer of the rows).
                "days": self.row_serializer(
                    days,  # type: ignore[arg-type]
                    many=True,
                    context={"closing_values": closing_valuer()},
                ).data,
            }
        )


@extend_schema(
    summary="Programme figures per day",
    tags=["reports"],
    parameters=[ProgrammeQuerySerializer],
    responses={200: ProgrammeReportSerializer},
)
class ProgrammeReportView(ReportView):
    """One row per day from ``from`` to ``to`` (at most 732 days, today at the latest):
    members joined and active, orders and sales by members and guests, and the points
    movements with the opening and closing balance. ``country`` and ``tier`` keep the members
    who had them at each day's end (guests' orders count under their shipping country).
    Closed days come from the daily rollups; today's figures are live. 400 ``invalid_range``
    for a range that is reversed, longer or reaching past today."""

    query_serializer = ProgrammeQuerySerializer
    row_serializer = ProgrammeDaySerializer


@extend_schema(
    summary="Points accounting per day",
    tags=["reports"],
    parameters=[ReportRangeSerializer],
    responses={200: AccountingReportSerializer},
)
class PointsAccountingReportView(ReportView):
    """The finance view of the points liability, one row per day from ``from`` to ``to``:
    opening balance, every movement, closing balance (available and pending) and its
    redemption value in each currency (null without an exchange rate)."""

    query_serializer = ReportRangeSerializer
    row_serializer = AccountingDaySerializer
