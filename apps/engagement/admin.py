"""The merchant's view: the review moderation queue (waiting reviews first) and the custom
events integrators sent, exportable as CSV."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from apps.core.admin_export import CsvExportAdmin
from apps.core.errors import ApplicationError

from .models import (
    Challenge,
    ChallengeCompletion,
    ChallengeGoal,
    MemberEvent,
    Review,
    ReviewStatus,
)
from .services import approve_review, reject_review, remove_review


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member reads this in the message that tells them, in their language."),
    )


class WaitingFirst(admin.SimpleListFilter):
    """The queue: waiting reviews unless another status is chosen."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [*ReviewStatus.choices, ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or ReviewStatus.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> QuerySet[Review]:
        value = self.value() or ReviewStatus.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Review)
class ReviewAdmin(CsvExportAdmin, admin.ModelAdmin):
    list_display = ("created_at", "product", "member", "rating", "language", "status")
    list_filter = (WaitingFirst, "language", "rating")
    search_fields = ("member__user__email", "member__company_name", "product__sku", "text")
    list_select_related = ("member", "product")
    ordering = ("created_at", "id")
    readonly_fields = (
        "member",
        "product",
        "rating",
        "language",
        "text",
        "photos_shown",
        "status",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
    )
    fields = readonly_fields
    actions = ("approve", "reject", "remove")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Review | None = None) -> bool:
        return False  # removed for abuse instead, so the points are clawed back

    @admin.display(description=_("photos"))
    def photos_shown(self, review: Review) -> str:
        return format_html_join(
            " ",
            '<a href="{}"><img src="{}" alt="" style="max-block-size:8rem"></a>',
            ((photo.image.url, photo.image.url) for photo in review.photos.all()),
        ) or format_html("{}", "–")

    @admin.action(description=_("Approve (publish and credit the points)"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        done = 0
        for review in queryset:
            try:
                approve_review(review=review, staff=request.user)  # type: ignore[arg-type]
                done += 1
            except ApplicationError as error:
                self.message_user(request, f"{review}: {error.message}", messages.ERROR)
        if done:
            self.message_user(
                request, _("Approved: %(count)s.") % {"count": done}, messages.SUCCESS
            )

    @admin.action(description=_("Reject, with a reason"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Review]) -> HttpResponse | None:
        return self._with_reason(request, queryset, "reject", _("Reject reviews"), reject_review)

    @admin.action(description=_("Remove for abuse (claw the points back)"), permissions=["change"])
    def remove(self, request: HttpRequest, queryset: QuerySet[Review]) -> HttpResponse | None:
        return self._with_reason(
            request, queryset, "remove", _("Remove reviews for abuse"), remove_review
        )

    def _with_reason(self, request, queryset, action, title, service):
        """An intermediate page asking for the reason, then the service for each review."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for review in queryset:
                try:
                    service(review=review, staff=request.user, reason=form.cleaned_data["reason"])
                    done += 1
                except ApplicationError as error:
                    self.message_user(request, f"{review}: {error.message}", messages.ERROR)
            if done:
                self.message_user(
                    request, _("Done: %(count)s.") % {"count": done}, messages.SUCCESS
                )
            return redirect(request.get_full_path())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "reviews": queryset,
            "action": action,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/engagement/review/reason.html", context)


@admin.register(MemberEvent)
class MemberEventAdmin(CsvExportAdmin, admin.ModelAdmin):
    list_display = ("occurred_at", "member", "name", "properties", "points", "source")
    list_filter = ("name",)
    search_fields = ("member__user__email", "member__company_name", "name")
    list_select_related = ("member",)
    readonly_fields = [f.name for f in MemberEvent._meta.fields]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MemberEvent | None = None) -> bool:
        return False


class ChallengeGoalInline(admin.TabularInline):
    """Further goals: the challenge is completed when its own goal and all of these are
    reached (e.g. a complete profile + 1 review)."""

    model = ChallengeGoal
    extra = 0
    fields = ("goal", "target", "event_name")


@admin.register(Challenge)
class ChallengeAdmin(TabbedTranslationAdmin):
    list_display = ("name", "goal", "target", "points", "starts_at", "ends_at", "is_active")
    list_filter = ("goal", "is_active")
    inlines = (ChallengeGoalInline,)


@admin.register(ChallengeCompletion)
class ChallengeCompletionAdmin(CsvExportAdmin, admin.ModelAdmin):
    list_display = ("completed_at", "member", "challenge", "points")
    list_filter = ("challenge",)
    search_fields = ("member__user__email", "member__company_name")
    list_select_related = ("member", "challenge")
    readonly_fields = ("member", "challenge", "points", "completed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ChallengeCompletion | None = None
    ) -> bool:
        return False
