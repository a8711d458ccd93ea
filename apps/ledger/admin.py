"""The merchant's view of the ledger: balances, entries, lots, adjustments, liability."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from apps.core.admin import ReadOnlyAdmin
from apps.core.admin_export import EXPORT_PERMISSION, CsvExportAdmin
from apps.core.csv_export import csv_response
from apps.core.errors import ApplicationError
from apps.members.models import Member
from apps.orders.models import Order

from .adjustments import (
    approve_adjustment,
    may_adjust,
    reject_adjustment,
    request_adjustment,
)
from .experiments import roll_out_experiment, start_experiment, stop_experiment
from .forms import SEGMENT_LIST_FIELDS, AdjustmentForm, segment_choice_field
from .holders import Holder, company_holder
from .models import (
    AdjustmentRequest,
    AdjustmentStatus,
    EarningRule,
    Experiment,
    ExperimentAssignment,
    LedgerEntry,
    PointsAccount,
    PointsLot,
    Programme,
    RuleKind,
)
from .selectors import at_risk_accounts, experiment_results, holder_balance, liability


class AtRiskFilter(admin.SimpleListFilter):
    """Members "at risk" now (``selectors.at_risk_accounts``: the programme's rule)."""

    title = _("at risk")
    parameter_name = "at_risk"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("High balance, no recent activity"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() != "yes":
            return queryset
        return queryset.filter(pk__in=at_risk_accounts(as_of=timezone.now()).values("pk"))


if TYPE_CHECKING:
    from apps.accounts.models import User


def _staff(request: HttpRequest) -> User:
    """The staff member of an admin request (the admin lets no one else in)."""
    return cast("User", request.user)


@admin.display(description=_("reason"))
def reason_shown(entry: LedgerEntry) -> str:
    """System reasons in the reader's language (``reasons.py``); staff's words as typed."""
    return entry.shown_reason


class EntryInline(admin.TabularInline):
    model = LedgerEntry
    # django-stubs allow only names in ``fields`` and ``readonly_fields``; Django also takes a
    # callable there.
    fields = ("created_at", "points", "kind", reason_shown, "source", "actor")  # type: ignore[assignment]
    readonly_fields = fields  # type: ignore[assignment]
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-created_at", "-id")
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[LedgerEntry]:
        return super().get_queryset(request).select_related("actor", "rule")


@admin.register(PointsAccount)
class PointsAccountAdmin(ReadOnlyAdmin):
    list_display = ("member", "company", "available", "pending", "lifetime_earned", "updated_at")
    list_filter = (
        AtRiskFilter,
        "member__country",
        "member__customer_type",
        "member__tier_status__tier",
    )
    search_fields = ("member__user__email", "member__company_name", "company__legal_name")
    list_select_related = ("member__user", "company")
    inlines = (EntryInline,)
    change_list_template = "admin/ledger/pointsaccount/change_list.html"
    change_form_template = "admin/ledger/pointsaccount/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/adjust/",
                self.admin_site.admin_view(self.adjust_view),
                name="ledger_pointsaccount_adjust",
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "liability": liability()}
        return super().changelist_view(request, extra_context)

    def adjust_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not may_adjust(request.user):
            raise PermissionDenied
        account = get_object_or_404(
            PointsAccount.objects.select_related("member", "company"), pk=pk
        )
        holder = (
            company_holder(account.company)
            if account.company is not None
            else Holder(account.member_id)
        )
        form = AdjustmentForm(
            request.POST or None,
            available=holder_balance(holder).available,
            threshold=Programme.current().adjustment_approval_threshold,
        )
        if request.method == "POST" and form.is_valid():
            try:
                adjustment = request_adjustment(
                    member=account.member,
                    company=account.company,
                    points=form.cleaned_data["points"],
                    reason=form.cleaned_data["reason"],
                    requested_by=_staff(request),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                if adjustment.status == AdjustmentStatus.APPLIED:
                    self.message_user(request, _("Adjustment applied."), messages.SUCCESS)
                else:
                    self.message_user(
                        request,
                        _("The adjustment is waiting for a second staff member to approve it."),
                        messages.INFO,
                    )
                return redirect(reverse("admin:ledger_pointsaccount_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Adjust points: %(member)s") % {"member": account},
            "form": form,
            "account": account,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/ledger/pointsaccount/adjust.html", context)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(CsvExportAdmin, ReadOnlyAdmin):
    list_display = ("created_at", "account", "points", "kind", reason_shown, "source", "actor")
    list_filter = ("kind", "created_at")
    search_fields = ("account__member__user__email", "source", "idempotency_key")
    list_select_related = ("account__member__user", "actor", "rule")
    date_hierarchy = "created_at"


@admin.register(PointsLot)
class PointsLotAdmin(ReadOnlyAdmin):
    list_display = (
        "account",
        "points",
        "remaining",
        "available_at",
        "released",
        "expires_at",
        "expired_points",
        "source",
    )
    list_filter = ("released",)
    search_fields = ("account__member__user__email", "source")
    list_select_related = ("account__member__user",)


AUDIT_COLUMNS = (
    ("created_at", _("requested at")),
    ("member", _("member")),
    ("points", _("points")),
    ("reason", _("reason")),
    ("status", _("status")),
    ("requested_by", _("requested by")),
    ("api_key_prefix", _("API key")),
    ("reference", _("reference")),
    ("decided_by", _("decided by")),
    ("decided_at", _("decided at")),
)


@admin.register(AdjustmentRequest)
class AdjustmentRequestAdmin(admin.ModelAdmin):
    """The audit list of every adjustment: who asked, who approved, how much, when; filterable
    and exported as CSV with the filters applied."""

    list_display = tuple(name for name, _label in AUDIT_COLUMNS)
    list_filter = (
        "status",
        ("requested_by", admin.RelatedOnlyFieldListFilter),
        ("decided_by", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    search_fields = ("member__user__email", "member__company_name", "reason", "reference")
    list_select_related = ("member__user", "requested_by", "decided_by")
    date_hierarchy = "created_at"
    change_list_template = "admin/ledger/adjustmentrequest/change_list.html"
    readonly_fields = (
        "member",
        "points",
        "reason",
        "status",
        "requested_by",
        "api_key_prefix",
        "reference",
        "decided_by",
        "entry",
        "created_at",
        "decided_at",
    )
    actions = ("approve", "reject")

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="ledger_adjustmentrequest_export",
            ),
            *super().get_urls(),
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # adjustments start from a points account ("Adjust points")

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """The list as CSV, with the filters and search of the list page (its query string)."""
        if not (self.has_view_permission(request) and request.user.has_perm(EXPORT_PERMISSION)):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        rows = changelist.get_queryset(request).select_related(*self.list_select_related)
        return csv_response(
            filename=f"adjustments-{timezone.now():%Y%m%d-%H%M}.csv",
            header=[label for _name, label in AUDIT_COLUMNS],
            rows=([_audit_cell(row, name) for name, _label in AUDIT_COLUMNS] for row in rows),
        )

    @admin.action(description=_("Approve selected adjustments"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[AdjustmentRequest]) -> None:
        for adjustment in queryset:
            try:
                approve_adjustment(request=adjustment, approver=_staff(request))
            except ApplicationError as error:
                self.message_user(request, f"{adjustment}: {error.message}", messages.ERROR)

    @admin.action(description=_("Reject selected adjustments"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[AdjustmentRequest]) -> None:
        for adjustment in queryset:
            reject_adjustment(request=adjustment, decided_by=_staff(request))


def _audit_cell(adjustment: AdjustmentRequest, name: str) -> object:
    value = getattr(adjustment, name)
    if name == "status":
        return adjustment.get_status_display()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else value


class SegmentListsAsCheckboxes:
    """Lists of RFM segments (JSON fields) edited as checkboxes."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in SEGMENT_LIST_FIELDS:
            return segment_choice_field(
                label=capfirst(db_field.verbose_name), help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Programme)
class ProgrammeAdmin(SegmentListsAsCheckboxes, admin.ModelAdmin):
    def save_model(
        self, request: HttpRequest, obj: Programme, form: forms.ModelForm[Programme], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        Programme.forget_cached()  # other processes pick the change up within seconds

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not Programme.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Programme | None = None) -> bool:
        return False


class PreviewForm(forms.Form):
    order_number = forms.CharField(label=_("Past order number"), max_length=20, required=False)
    members = forms.CharField(
        label=_("Test members (emails, comma-separated)"), max_length=1000, required=False
    )
    event_name = forms.SlugField(
        label=_("Custom event name"),
        max_length=64,
        required=False,
        help_text=_("For custom event rules, e.g. trade_fair_visit."),
    )
    event_properties = forms.JSONField(
        label=_("Custom event properties (JSON)"),
        required=False,
        help_text=_('e.g. {"booth": "A1", "minutes": 30}'),
    )

    def clean_event_properties(self) -> dict[str, object]:
        value = self.cleaned_data.get("event_properties") or {}
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Give the properties as a JSON object."))
        return value


@admin.register(EarningRule)
class EarningRuleAdmin(SegmentListsAsCheckboxes, TabbedTranslationAdmin):
    list_display = (
        "name",
        "kind",
        "is_active",
        "priority",
        "starts_at",
        "ends_at",
        "rate",
        "multiplier",
        "points",
        "cap_points",
    )
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("tiers",)
    actions = ("preview",)

    @admin.action(description=_("Preview the selected rules"))
    def preview(self, request: HttpRequest, queryset: QuerySet[EarningRule]) -> HttpResponse:
        return redirect(
            reverse("admin:ledger_earningrule_preview")
            + "?rules="
            + ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="ledger_earningrule_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """Run rules (the selected ones, or every active rule) against a past order or test
        members and show what they would award. Nothing is written."""
        from .rules import active_rules, custom_event_award, event_award, order_awards

        ids = [
            int(pk)
            for pk in request.GET.get("rules", "").split(",")
            if pk.isascii() and pk.isdigit()
        ]
        rules = (
            list(EarningRule.objects.filter(pk__in=ids).select_related("experiment"))
            if ids
            else active_rules(when=timezone.now())
        )
        form = PreviewForm(request.POST or None)
        order_result, member_results = None, []
        if request.method == "POST" and form.is_valid():
            number = form.cleaned_data["order_number"].strip()
            if number:
                order = Order.objects.filter(number=number).select_related("member").first()
                if order is None:
                    form.add_error("order_number", _("No order with this number."))
                else:
                    order_result = (order, order_awards(order, rules=rules))
            emails = [e.strip() for e in form.cleaned_data["members"].split(",") if e.strip()]
            for member in Member.objects.filter(user__email__in=emails).select_related("user"):
                awards = [
                    (kind_label, event_award(member, kind, rules=rules))
                    for kind, kind_label in RuleKind.choices
                    if kind != RuleKind.EVENT and any(rule.kind == kind for rule in rules)
                ]
                if any(rule.kind == RuleKind.EVENT for rule in rules):
                    name = form.cleaned_data["event_name"]
                    award = (
                        custom_event_award(
                            member,
                            name=name,
                            properties=form.cleaned_data["event_properties"],
                            rules=rules,
                        )
                        if name
                        else None
                    )
                    awards.append((RuleKind.EVENT.label, award))
                member_results.append((member, awards))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview earning rules"),
            "opts": self.model._meta,
            "form": form,
            "rules": rules,
            "order_result": order_result,
            "member_results": member_results,
        }
        return TemplateResponse(request, "admin/ledger/earningrule/preview.html", context)


class ExperimentForm(forms.ModelForm):
    class Meta:
        model = Experiment
        fields = ("rule", "treatment_percent")

    def clean_rule(self) -> EarningRule:
        rule = cast(EarningRule, self.cleaned_data["rule"])
        if Experiment.objects.filter(rule=rule).exists():  # a rule is tried once
            raise forms.ValidationError(_("This rule has been tried in an experiment already."))
        return rule


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    """A/B tests of earning rules (docs/experiments.md): started here, with their results per
    group; stopped or rolled out by the actions; groups exported as CSV."""

    form = ExperimentForm
    list_display = ("rule", "status", "treatment_percent", "started_at", "ended_at")
    list_filter = ("status",)
    search_fields = ("rule__name",)
    actions = ("stop", "roll_out", "export_groups")

    def get_readonly_fields(self, request: HttpRequest, obj: Experiment | None = None) -> Any:
        if obj is None:
            return ()
        return (
            "rule",
            "treatment_percent",
            "status",
            "started_at",
            "ended_at",
            "started_by",
            "results",
        )

    def get_fields(self, request: HttpRequest, obj: Experiment | None = None) -> Any:
        if obj is None:
            return ("rule", "treatment_percent")
        return self.get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the record of what was tried and learnt

    def save_model(self, request: HttpRequest, obj: Experiment, form: Any, change: bool) -> None:
        if change:
            return  # nothing is edited once started
        started = start_experiment(
            rule=obj.rule,
            treatment_percent=obj.treatment_percent,
            by=_staff(request),
        )
        obj.pk, obj.key, obj.started_at = started.pk, started.key, started.started_at
        obj._state.adding = False

    @admin.display(description=_("results"))
    def results(self, obj: Experiment) -> str:
        found = experiment_results(obj)
        t, c = found.treatment, found.control

        def rate(value: Decimal | None) -> str:
            return "–" if value is None else f"{number_format(value * 100, 1)} %"

        def number(value: Decimal | int, places: int = 0) -> str:
            return number_format(value, places, force_grouping=True)

        def per_base(value: Decimal) -> str:  # small amounts: four places
            return f"{number(value, 4)} {found.base_currency}"

        rows = [
            (_("members (sample size)"), number(t.members), number(c.members)),
            (_("buyers"), number(t.buyers), number(c.buyers)),
            (_("conversion (buyers ÷ members)"), rate(t.conversion), rate(c.conversion)),
            (_("orders"), number(t.orders), number(c.orders)),
            (_("revenue"), found.money(t.revenue), found.money(c.revenue)),
            (
                _("revenue per member"),
                found.money(t.revenue_per_member),
                found.money(c.revenue_per_member),
            ),
            (_("repurchase rate"), rate(t.repurchase_rate), rate(c.repurchase_rate)),
            (_("points earned"), number(t.points), number(c.points)),
            (
                _("points per member"),
                number(t.points_per_member, 1),
                number(c.points_per_member, 1),
            ),
        ]
        per_point, interval = found.revenue_per_point, found.revenue_per_point_interval
        effect = [
            (
                _("incremental revenue per member"),
                found.money(found.incremental_revenue_per_member),
            ),
            (_("incremental points per member"), number(found.incremental_points_per_member, 1)),
            (
                _("points cost (redemption value of the extra points)"),
                found.money(found.points_cost),
            ),
            (
                _("incremental revenue per point"),
                "–" if per_point is None else per_base(per_point),
            ),
            (
                _("confidence interval (95%)"),
                "–" if interval is None else f"{per_base(interval[0])} … {per_base(interval[1])}",
            ),
        ]
        return render_to_string(
            "admin/ledger/experiment/results.html",
            {"results": found, "rows": rows, "effect": effect},
        )

    def _end(self, request: HttpRequest, queryset: QuerySet[Experiment], end: Any) -> None:
        for experiment in queryset:
            try:
                end(experiment=experiment)
            except ApplicationError as error:
                self.message_user(request, f"{experiment}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{experiment}: {experiment.get_status_display()}")

    @admin.action(description=_("Stop: nobody gets the rule"), permissions=["change"])
    def stop(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        self._end(request, queryset, stop_experiment)

    @admin.action(description=_("Roll out to everyone"), permissions=["change"])
    def roll_out(self, request: HttpRequest, queryset: QuerySet[Experiment]) -> None:
        self._end(request, queryset, roll_out_experiment)

    @admin.action(description=_("Export the groups (CSV)"), permissions=["export"])
    def export_groups(
        self, request: HttpRequest, queryset: QuerySet[Experiment]
    ) -> StreamingHttpResponse:
        rows = (
            ExperimentAssignment.objects.filter(experiment__in=queryset)
            .order_by("experiment_id", "member_id")
            .values_list(
                "experiment_id", "experiment__rule__name", "member_id", "group", "assigned_at"
            )
            .iterator(chunk_size=2000)
        )
        return csv_response(
            filename="experiment-groups.csv",
            header=[_("experiment"), _("earning rule"), _("member"), _("group"), _("assigned")],
            rows=([e, name, m, g, at.isoformat()] for e, name, m, g, at in rows),
        )

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(EXPORT_PERMISSION)
