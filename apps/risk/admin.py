"""The fraud alert queue: managers read the evidence and clear or confirm each alert (who, when,
a note); the thresholds are one row of settings."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from . import services
from .evidence import summary
from .models import Alert, AlertStatus, AlertThresholds

# Evidence keys that name rows, and the admin page of each row.
EVIDENCE_LINKS = {
    "entries": ("admin:ledger_ledgerentry_change", _("Ledger entries")),
    "orders": ("admin:orders_order_change", _("Orders")),
    "referred": ("admin:members_member_change", _("Referred members")),
}
SHOWN_ROWS = 50


class Decision:
    CLEAR = "clear"
    CONFIRM = "confirm"
    CONFIRM_AND_CLAW_BACK = "confirm_claw_back"
    HOLD = "hold"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.CLEAR, _("Clear: nothing wrong; release the held points that are due")),
            (Decision.CONFIRM, _("Confirm: fraud; keep the points held")),
            (
                Decision.CONFIRM_AND_CLAW_BACK,
                _("Confirm and claw back the held pending points"),
            ),
            (Decision.HOLD, _("Hold the members' pending points while you look into it")),
        ],
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    change_form_template = "admin/risk/alert/change_form.html"
    list_display = (
        "raised_at",
        "signal",
        "summary_shown",
        "member_count",
        "status",
        "holds_points",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", "signal", "holds_points")
    list_select_related = ("decided_by",)
    date_hierarchy = "raised_at"
    fields = (
        "signal",
        "summary_shown",
        "members_shown",
        "evidence_shown",
        "status",
        "holds_points",
        "raised_at",
        "emailed_at",
        "decided_by",
        "decided_at",
        "note",
    )
    readonly_fields = tuple(field for field in fields if field != "note")
    actions = ("clear_selected",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alert]:
        return super().get_queryset(request).prefetch_related("members__user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Alert | None = None) -> bool:
        return False

    @admin.display(description=_("what happened"))
    def summary_shown(self, alert: Alert) -> str:
        return summary(alert)

    @admin.display(description=_("members"))
    def member_count(self, alert: Alert) -> int:
        return len(alert.members.all())  # prefetched

    @admin.display(description=_("members"))
    def members_shown(self, alert: Alert) -> SafeString:
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:members_member_change", args=[member.pk]), str(member))
                for member in alert.members.all()
            ),
        )

    @admin.display(description=_("evidence"))
    def evidence_shown(self, alert: Alert) -> SafeString:
        parts = []
        for key, (url_name, label) in EVIDENCE_LINKS.items():
            ids = alert.evidence.get(key) or []
            if not ids:
                continue
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((reverse(url_name, args=[pk]), pk) for pk in ids[:SHOWN_ROWS]),
            )
            more = f" (+{len(ids) - SHOWN_ROWS})" if len(ids) > SHOWN_ROWS else ""
            parts.append(format_html("<p>{}: {}{}</p>", label, links, more))
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.action(description=_("Clear the selected open alerts"), permissions=["change"])
    def clear_selected(self, request: HttpRequest, queryset: QuerySet[Alert]) -> None:
        cleared = 0
        for alert in queryset.filter(status=AlertStatus.OPEN):
            services.clear_alert(alert=alert, actor=request.user)  # type: ignore[arg-type]
            cleared += 1
        self.message_user(request, _("Alerts cleared: %(count)d.") % {"count": cleared})

    def get_urls(self):
        return [
            path(
                "<int:alert_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="risk_alert_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        alert = self.get_object(request, object_id)
        may_decide = (
            alert is not None
            and alert.status == AlertStatus.OPEN
            and self.has_change_permission(request, alert)
        )
        extra = {"may_decide": may_decide, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def decide_view(self, request: HttpRequest, alert_id: int) -> HttpResponse:
        """Clear, confirm (and claw back) or hold one open alert, with a note."""
        alert = get_object_or_404(Alert, pk=alert_id)
        if not self.has_change_permission(request, alert):
            raise PermissionDenied
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                self._decide(request, alert, form.cleaned_data)
            except ApplicationError as error:
                form.add_error(None, str(error.message))
            else:
                self.message_user(request, _("Saved."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:risk_alert_change", args=[alert.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": alert,
            "summary": summary(alert),
            "form": form,
            "title": _("Decide the alert"),
        }
        return TemplateResponse(request, "admin/risk/alert/decide.html", context)

    def _decide(self, request: HttpRequest, alert: Alert, data: dict) -> None:
        actor, note, decision = request.user, data["note"], data["decision"]
        if decision == Decision.CLEAR:
            services.clear_alert(alert=alert, actor=actor, note=note)  # type: ignore[arg-type]
        elif decision == Decision.HOLD:
            services.hold_members(alert=alert)
        else:
            services.confirm_alert(
                alert=alert,
                actor=actor,  # type: ignore[arg-type]
                note=note,
                claw_back=decision == Decision.CONFIRM_AND_CLAW_BACK,
            )


@admin.register(AlertThresholds)
class AlertThresholdsAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        AlertThresholds.forget_cached()  # other processes pick the change up within seconds

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AlertThresholds.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
