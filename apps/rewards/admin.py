from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from apps.core.admin_export import CsvExportAdmin
from apps.core.errors import ApplicationError

from .models import Redemption, RedemptionStatus, Reward
from .services import decide, void_redemption, voidable


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member reads this in the e-mail that tells them."),
    )


@admin.register(Reward)
class RewardAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "points_cost", "stock", "is_active", "starts_at", "ends_at")
    list_filter = ("kind", "is_active")
    filter_horizontal = ("tiers",)


@admin.register(Redemption)
class RedemptionAdmin(CsvExportAdmin, admin.ModelAdmin):
    """The fulfilment queue: requested first."""

    list_display = (
        "created_at",
        "member",
        "reward",
        "points",
        "status",
        "coupon_code",
        "decided_by",
    )
    list_filter = ("status", "reward__kind")
    search_fields = ("member__user__email", "coupon_code")
    list_select_related = ("member__user", "reward", "decided_by")
    readonly_fields = [f.name for f in Redemption._meta.fields]
    actions = ("approve", "fulfil", "reject")
    change_form_template = "admin/rewards/redemption/change_form.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<int:redemption_id>/void/",
                self.admin_site.admin_view(self.void_view),
                name="rewards_redemption_void",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        redemption = self.get_object(request, object_id)
        may_void = (
            redemption is not None
            and voidable(redemption)
            and self.has_change_permission(request, redemption)
        )
        extra = {"voidable": may_void, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def void_view(self, request, redemption_id: int):
        """Void one redemption, with the reason the member will read."""
        redemption = get_object_or_404(
            Redemption.objects.select_related("reward"), pk=redemption_id
        )
        if not self.has_change_permission(request, redemption):
            raise PermissionDenied
        form = VoidForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                void_redemption(
                    redemption=redemption, reason=form.cleaned_data["reason"], staff=request.user
                )
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Voided: the points are back on the member's account."),
                    messages.SUCCESS,
                )
            return redirect(reverse("admin:rewards_redemption_change", args=[redemption.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": redemption,
            "form": form,
            "title": _("Void %(redemption)s") % {"redemption": redemption},
        }
        return TemplateResponse(request, "admin/rewards/redemption/void.html", context)

    def _decide(self, request, queryset, status):
        for redemption in queryset:
            try:
                decide(redemption=redemption, status=status, staff=request.user)
            except ApplicationError as error:
                self.message_user(request, f"{redemption}: {error.message}", messages.ERROR)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, RedemptionStatus.APPROVED)

    @admin.action(description=_("Mark shipped / fulfilled"), permissions=["change"])
    def fulfil(self, request, queryset):
        self._decide(request, queryset, RedemptionStatus.FULFILLED)

    @admin.action(description=_("Reject and return the points"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, RedemptionStatus.REJECTED)
