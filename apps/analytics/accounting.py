"""The points accounting report for finance (admin): per day or per month, the opening balance,
every movement, the closing balance and its redemption value in each currency; as a page or a
streamed CSV. Needs the ``analytics.view_points_accounting`` permission."""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.csv_export import csv_response

from .selectors import (
    DayFigures,
    InvalidReportRange,
    check_range,
    closing_valuer,
    daily_figures,
    monthly_figures,
)

PERMISSION = "analytics.view_points_accounting"
DEFAULT_DAYS = 30


class AccountingForm(forms.Form):
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(
        label=_("Rows"), choices=[("day", _("per day")), ("month", _("per month"))]
    )

    def clean(self):
        cleaned = super().clean()
        if "first" in cleaned and "last" in cleaned:
            try:
                check_range(cleaned["first"], cleaned["last"])
            except InvalidReportRange as error:
                raise forms.ValidationError(error.message, code=error.code) from error
        return cleaned


# The report's columns: (heading, how a row gives its value).
COLUMNS = (
    (_("Opening balance"), lambda row: row.opening),
    (_("Earned (pending)"), lambda row: row.points["points_earned_pending"]),
    (_("Earned (available)"), lambda row: row.points["points_earned_available"]),
    (_("Released from pending"), lambda row: row.points["points_released"]),
    (_("Spent at checkout"), lambda row: row.points["points_spent_checkout"]),
    (_("Spent on rewards"), lambda row: row.points["points_spent_rewards"]),
    (_("Reversed (clawbacks)"), lambda row: row.points["points_clawed_back"]),
    (_("Expired"), lambda row: row.points["points_expired"]),
    (_("Adjusted up"), lambda row: row.points["points_adjusted_up"]),
    (_("Adjusted down"), lambda row: row.points["points_adjusted_down"]),
    (_("Returned (cancellations)"), lambda row: row.points["points_returned"]),
    (_("Closing balance"), lambda row: row.closing),
    (_("of which pending"), lambda row: row.points["closing_pending"]),
)


def report_rows(form: AccountingForm) -> list[DayFigures]:
    days = daily_figures(form.cleaned_data["first"], form.cleaned_data["last"])
    return monthly_figures(days) if form.cleaned_data["period"] == "month" else days


def _period_label(row: DayFigures, period: str) -> str:
    return row.day.strftime("%Y-%m") if period == "month" else row.day.isoformat()


def points_accounting(request):
    """The report page (``?format=csv``: the same rows as a streamed download)."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    today = timezone.localdate()
    data = (
        request.GET
        if "first" in request.GET
        else {
            "first": today - timedelta(days=DEFAULT_DAYS - 1),
            "last": today,
            "period": "day",
        }
    )
    form = AccountingForm(data)
    rows = report_rows(form) if form.is_valid() else []
    period = form.cleaned_data.get("period", "day") if form.is_valid() else "day"
    if form.is_valid() and request.GET.get("format") == "csv":
        return _csv(rows, period, form)
    closing_values = closing_valuer()
    table = [
        {
            "period": _period_label(row, period),
            "live": row.live,
            "values": [value(row) for _heading, value in COLUMNS],
            "money": [closing_values(row.closing).get(code) for code in settings.CURRENCIES],
        }
        for row in rows
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Points accounting"),
        "form": form,
        "headings": [heading for heading, _value in COLUMNS],
        "currencies": settings.CURRENCIES,
        "table": table,
        "csv_query": _csv_query(form) if form.is_valid() else "",
    }
    return render(request, "admin/points_accounting.html", context)


def _csv_query(form: AccountingForm) -> str:
    data = form.cleaned_data
    return urlencode({"first": data["first"], "last": data["last"], "period": data["period"]})


def _csv(rows, period: str, form: AccountingForm):
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    header = [
        _("Period"),
        *(heading for heading, _value in COLUMNS),
        *(_("Closing value (%(currency)s)") % {"currency": code} for code in settings.CURRENCIES),
    ]

    def lines():
        closing_values = closing_valuer()
        for row in rows:
            values = closing_values(row.closing)
            money = [
                "" if values[code] is None else f"{values[code].amount:.2f}"
                for code in settings.CURRENCIES
            ]
            yield [_period_label(row, period), *(value(row) for _h, value in COLUMNS), *money]

    return csv_response(
        filename=f"points-accounting-{first}-{last}.csv", header=header, rows=lines()
    )
