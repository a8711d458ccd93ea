from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from apps.core.errors import ApplicationError

from .models import Redemption, RedemptionStatus, Reward
from .services import decide


@admin.register(Reward)
class RewardAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "points_cost", "stock", "is_active", "starts_at", "ends_at")
    list_filter = ("kind", "is_active")
    filter_horizontal = ("tiers",)


@admin.register(Redemption)
class RedemptionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

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
