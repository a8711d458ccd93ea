"""The merchant's view of the ledger: balances, entries, lots, adjustments, liability."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from .adjustments import approve_adjustment, reject_adjustment, request_adjustment
from .forms import AdjustmentForm
from .models import (
    AdjustmentRequest,
    AdjustmentStatus,
    LedgerEntry,
    PointsAccount,
    PointsLot,
    Programme,
)
from .selectors import liability


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EntryInline(admin.TabularInline):
    model = LedgerEntry
    fields = ("created_at", "points", "kind", "reason", "source", "actor")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-created_at", "-id")
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(PointsAccount)
class PointsAccountAdmin(ReadOnlyAdmin):
    list_display = ("member", "available", "pending", "lifetime_earned", "updated_at")
    search_fields = ("member__user__email", "member__company_name")
    list_select_related = ("member__user",)
    inlines = (EntryInline,)
    change_list_template = "admin/ledger/pointsaccount/change_list.html"
    change_form_template = "admin/ledger/pointsaccount/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/adjust/",
                self.admin_site.admin_view(self.adjust_view),
                name="ledger_pointsaccount_adjust",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "liability": liability()}
        return super().changelist_view(request, extra_context)

    def adjust_view(self, request, pk):
        if not request.user.has_perm("ledger.add_adjustmentrequest"):
            raise PermissionDenied
        account = get_object_or_404(PointsAccount.objects.select_related("member"), pk=pk)
        form = AdjustmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                adjustment = request_adjustment(
                    member=account.member,
                    points=form.cleaned_data["points"],
                    reason=form.cleaned_data["reason"],
                    requested_by=request.user,
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
            "title": _("Adjust points: %(member)s") % {"member": account.member},
            "form": form,
            "account": account,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/ledger/pointsaccount/adjust.html", context)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "account", "points", "kind", "reason", "source", "actor")
    list_filter = ("kind", "created_at")
    search_fields = ("account__member__user__email", "source", "idempotency_key")
    list_select_related = ("account__member__user", "actor")
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
        "source",
    )
    list_filter = ("released",)
    search_fields = ("account__member__user__email", "source")
    list_select_related = ("account__member__user",)


@admin.register(AdjustmentRequest)
class AdjustmentRequestAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "member",
        "points",
        "reason",
        "status",
        "requested_by",
        "decided_by",
    )
    list_filter = ("status",)
    readonly_fields = (
        "member",
        "points",
        "reason",
        "status",
        "requested_by",
        "decided_by",
        "entry",
        "created_at",
        "decided_at",
    )
    actions = ("approve", "reject")

    def has_add_permission(self, request):
        return False  # adjustments start from a points account ("Adjust points")

    @admin.action(description=_("Approve selected adjustments"), permissions=["change"])
    def approve(self, request, queryset):
        for adjustment in queryset:
            try:
                approve_adjustment(request=adjustment, approver=request.user)
            except ApplicationError as error:
                self.message_user(request, f"{adjustment}: {error.message}", messages.ERROR)

    @admin.action(description=_("Reject selected adjustments"), permissions=["change"])
    def reject(self, request, queryset):
        for adjustment in queryset:
            reject_adjustment(request=adjustment, decided_by=request.user)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Programme.forget_cached()  # other processes pick the change up within seconds

    def has_add_permission(self, request):
        return not Programme.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
