"""The member 360: the members app's admin (``apps.members.admin``) registered again with what
the other domains know about the member (points, tier, ledger, orders, rewards, referrals,
notifications) and staff's actions on it. The members app stays free of those imports."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.core.errors import ApplicationError
from apps.core.formatting import number_text
from apps.ledger.adjustments import may_adjust, request_adjustment
from apps.ledger.forms import AdjustmentForm
from apps.ledger.models import AdjustmentStatus, Programme
from apps.ledger.selectors import balance
from apps.members import admin as members_admin
from apps.members.models import Member
from apps.notifications.models import Notification
from apps.notifications.services import resend_email
from apps.tiers.services import set_tier_by_hand

from .forms import SetTierForm
from .selectors import member_360, members_for_list, with_last_activity

SET_TIER_PERMISSION = "tiers.change_tierstatus"
RESEND_PERMISSION = "notifications.change_notification"
VOID_PERMISSION = "rewards.change_redemption"


def actions_allowed(user) -> dict[str, bool]:
    """Which of the 360's actions ``user`` may take (Programme manager: all; Support and
    Finance: none)."""
    return {
        "may_adjust": may_adjust(user),
        "may_set_tier": user.has_perm(SET_TIER_PERMISSION),
        "may_resend": user.has_perm(RESEND_PERMISSION),
        "may_void": user.has_perm(VOID_PERMISSION),
    }


class MemberChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        self.result_list = with_last_activity(list(self.result_list))


admin.site.unregister(Member)


@admin.register(Member)
class MemberAdmin(members_admin.MemberAdmin):
    list_display = (
        "user",
        "company_name",
        "points_shown",
        "tier_shown",
        "country_shown",
        "customer_type",
        "segment",  # the business segment (prospect ... strategic partner)
        "rfm_segment",  # scored nightly from orders (docs/segments.md)
        "last_activity_shown",
        "created_at",
    )
    list_filter = (
        "tier_status__tier",  # every tier (a few rows), not only those held: no scan of members
        "country",
        "customer_type",
        "segment",
        "rfm_segment",
        "preferred_language",
    )
    search_fields = ("user__email", "company_name", "vat_id", "external_id", "referral_code")
    change_form_template = "admin/backoffice/member/change_form.html"
    change_list_template = "admin/backoffice/member/change_list.html"
    # At 100,000 members each of these is a pass over all of them on every page of the list.
    date_hierarchy = None
    show_full_result_count = False

    def get_queryset(self, request):
        return members_for_list(super().get_queryset(request))

    def get_changelist(self, request, **kwargs):
        return MemberChangeList

    def prepare_export_rows(self, objects: list[Member]) -> list[Member]:
        return with_last_activity(objects)  # as MemberChangeList does for a page

    @admin.display(description=_("points"), ordering="points_account__available")
    def points_shown(self, member: Member) -> str:
        account = getattr(member, "points_account", None)  # joined; None before any points
        return number_text(account.available if account is not None else 0)

    @admin.display(description=_("tier"), ordering="tier_status__tier__rank")
    def tier_shown(self, member: Member) -> str:
        status = getattr(member, "tier_status", None)
        return status.tier.name if status is not None else "–"

    @admin.display(description=_("country"), ordering="country")
    def country_shown(self, member: Member) -> str:
        # The country's name by its code: the admin's own display of a choice field would
        # flatten the 250 countries' choices on every row (most of the list's time).
        return countries.name(member.country) if member.country else "–"

    @admin.display(description=_("last activity"))
    def last_activity_shown(self, member: Member):
        return member.last_activity  # type: ignore[attr-defined]  # set by MemberChangeList

    def get_urls(self):
        def page(route, function, name):
            return path(route, self.admin_site.admin_view(function), name=f"members_member_{name}")

        return [
            page("<path:object_id>/adjust/", self.adjust_view, "adjust"),
            page("<path:object_id>/set-tier/", self.set_tier_view, "set_tier"),
            page("<path:object_id>/resend/<int:notification_id>/", self.resend_view, "resend"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        member = self.get_object(request, unquote(object_id))
        extra = dict(extra_context or {})
        if member is not None and self.has_view_or_change_permission(request, member):
            extra["member_360"] = member_360(member, entries_page=request.GET.get("entries"))
            extra.update(actions_allowed(request.user))
        return super().change_view(request, object_id, form_url, extra)

    # Actions: each a page of its own (a form inside the change form would be nested).

    def _member(self, request: HttpRequest, object_id: str, allowed: bool) -> Member:
        if not allowed:
            raise PermissionDenied
        member = self.get_object(request, unquote(object_id))
        if member is None or not self.has_view_or_change_permission(request, member):
            raise Http404
        return member

    def _page(self, request, member, title, form, template="action.html", **context):
        return TemplateResponse(
            request,
            f"admin/backoffice/member/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": member,
                "title": title,
                "form": form,
                **context,
            },
        )

    def _back(self, member: Member) -> HttpResponse:
        return redirect(reverse("admin:members_member_change", args=[member.pk]))

    def adjust_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        member = self._member(request, object_id, may_adjust(request.user))
        threshold = Programme.current().adjustment_approval_threshold
        form = AdjustmentForm(
            request.POST or None, available=balance(member).available, threshold=threshold
        )
        if request.method == "POST" and form.is_valid():
            try:
                adjustment = request_adjustment(
                    member=member,
                    points=form.cleaned_data["points"],
                    reason=form.cleaned_data["reason"],
                    requested_by=request.user,  # type: ignore[arg-type]  # staff: signed in
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
                return self._back(member)
        return self._page(
            request,
            member,
            _("Adjust points: %(member)s") % {"member": member},
            form,
            submit=_("Adjust points"),
            available=form.available,
            threshold=threshold,
        )

    def set_tier_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        member = self._member(request, object_id, request.user.has_perm(SET_TIER_PERMISSION))
        form = SetTierForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                set_tier_by_hand(
                    member=member,
                    tier=form.cleaned_data["tier"],
                    reason=form.cleaned_data["reason"],
                    changed_by=request.user,
                    until=form.until(),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("Tier set."), messages.SUCCESS)
                return self._back(member)
        return self._page(
            request,
            member,
            _("Set the tier by hand: %(member)s") % {"member": member},
            form,
            submit=_("Set tier"),
        )

    def resend_view(self, request: HttpRequest, object_id: str, notification_id: int):
        member = self._member(request, object_id, request.user.has_perm(RESEND_PERMISSION))
        notification = get_object_or_404(Notification, pk=notification_id, member=member)
        if request.method == "POST":
            try:
                resend_email(notification=notification)
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                # Who sent it again: the notification's history (Django's admin log).
                self.log_change(request, notification, [{"changed": {"fields": ["email_status"]}}])
                self.message_user(request, _("The e-mail is on its way again."), messages.SUCCESS)
            return self._back(member)
        return self._page(
            request,
            member,
            _("Send the e-mail again: %(member)s") % {"member": member},
            None,
            submit=_("Send again"),
            notification=notification,
        )
