"""The programme dashboard in the admin: the page staff with ``view_programme_dashboard`` open
the admin on, and the CSV of what it shows."""

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.csv_export import csv_response

from .dashboard import Dashboard, Filters, programme_dashboard
from .dashboard_forms import DashboardFilterForm
from .dashboard_tables import all_tables, chart_data, csv_rows
from .live import recent_at_risk_members, recent_live_figures
from .stored import for_filters, mark_wanted
from .tasks import refresh_dashboard_figures

PERMISSION = "analytics.view_programme_dashboard"


def _dashboard(request) -> tuple[DashboardFilterForm, Dashboard, datetime | None]:
    """The form, the dashboard, and the moment its figures are as of when they were stored
    (None: computed in this request)."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, today=today)
    filters = form.filters()
    mark_wanted()
    kept = for_filters(filters, today=today)
    if kept is not None:
        return form, programme_dashboard(filters, live=kept.live, whole=kept.whole), kept.as_of
    dashboard = programme_dashboard(
        filters, live=recent_live_figures, at_risk=recent_at_risk_members
    )
    return form, dashboard, None


def at_risk_list_url(filters: Filters) -> str:
    """The points accounts list filtered to the members at risk (and the dashboard's filters)."""
    query = {"at_risk": "yes"}
    if filters.country:
        query["member__country__exact"] = filters.country
    if filters.customer_type:
        query["member__customer_type__exact"] = filters.customer_type
    if filters.tier is not None:
        query["member__tier_status__tier__id__exact"] = str(filters.tier.pk)
    return f"{reverse('admin:ledger_pointsaccount_changelist')}?{urlencode(query)}"


def dashboard_page(request, extra_context=None):
    form, dashboard, as_of = _dashboard(request)
    tables = all_tables(dashboard)
    context = {
        **admin.site.each_context(request),
        "title": _("Programme dashboard"),
        "form": form,
        "dashboard": dashboard,
        "period": dashboard.filters.period,
        "previous": dashboard.filters.period.previous(),
        "tables": tables,
        "charts": {table.key: chart_data(table) for table in tables if table.chart},
        "csv_url": f"{reverse('programme_dashboard_csv')}?{request.GET.urlencode()}",
        "at_risk_url": at_risk_list_url(dashboard.filters),
        "as_of": as_of,
        "refresh_url": reverse("programme_dashboard_refresh"),
        **(extra_context or {}),
    }
    return TemplateResponse(request, "admin/analytics/dashboard.html", context)


def dashboard_csv(request):
    """The figures and tables the page shows for the same filters."""
    _form, dashboard, _as_of = _dashboard(request)
    period = dashboard.filters.period
    return csv_response(
        filename=f"programme-dashboard-{period.first}-{period.last}.csv",
        header=[_("Programme dashboard")],
        rows=csv_rows(all_tables(dashboard), period=period, previous=period.previous()),
    )


@require_POST
def dashboard_refresh(request):
    """Staff ask for the stored figures to be computed again (in the background: a minute or
    more at a million members); back to the dashboard they were on."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    refresh_dashboard_figures.delay(force=True)
    messages.info(
        request,
        _("The figures are being computed again. Reload the page in a minute to see them."),
    )
    query = request.POST.get("query", "")
    return redirect(f"{reverse('admin:index')}?{query}" if query else reverse("admin:index"))


def opening_on_dashboard(index):
    """The admin's index view, which shows the dashboard to staff allowed to see it; the list
    of sections stays on every page's sidebar and at ``admin/sections/``."""

    def index_or_dashboard(request, extra_context=None):
        if request.user.has_perm(PERMISSION):
            return dashboard_page(request, extra_context)
        return index(request, extra_context)

    return index_or_dashboard
