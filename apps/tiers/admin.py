from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from apps.core.system_notes import shown

from .models import Tier, TierChange, TierShippingBenefit, TierStatus


class ShippingBenefitFormSet(BaseInlineFormSet):
    def clean(self):
        """Two rows of one submission may not name the same benefit (the database refuses)."""
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() or not hasattr(form, "cleaned_data"):
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            key = form.instance.identity()
            if key in seen:
                raise ValidationError(
                    _("Two rows give the same benefit on the same shipping method.")
                )
            seen.add(key)


class ShippingBenefitInline(admin.TabularInline):
    model = TierShippingBenefit
    formset = ShippingBenefitFormSet
    extra = 0
    fields = ("shipping_method", "kind", "percent", "amount", "currency")
    verbose_name_plural = _(
        "Shipping benefits (per method or for every method; the largest applies to an order)"
    )


@admin.register(Tier)
class TierAdmin(TabbedTranslationAdmin):
    inlines = (ShippingBenefitInline,)
    list_display = (
        "name",
        "rank",
        "qualifying_spend",
        "qualifying_orders",
        "qualifying_points",
        "discount_percent",
        "points_multiplier",
    )
    fieldsets = (
        (None, {"fields": ("name", "rank", "badge_colour")}),
        (
            _("Qualification"),
            {
                "fields": (
                    "qualification",
                    "qualifying_spend",
                    "qualifying_orders",
                    "qualifying_points",
                    "retention_spend",
                    "grace_days",
                )
            },
        ),
        (
            _("Benefits"),
            {
                "fields": (
                    "discount_percent",
                    "points_multiplier",
                    "redemption_points_per_unit",
                    "priority_service",
                    "account_manager",
                    "early_access",
                )
            },
        ),
    )


@admin.register(TierStatus)
class TierStatusAdmin(admin.ModelAdmin):
    list_display = ("member", "tier", "since", "grace_until", "set_by_hand", "pinned_until")
    list_filter = ("tier", "set_by_hand")
    search_fields = ("member__user__email", "member__company_name")
    list_select_related = ("member__user", "tier")
    readonly_fields = ("member", "tier", "since", "grace_until", "set_by_hand", "pinned_until")

    def has_add_permission(self, request):
        return False


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "member", "from_tier", "to_tier", "reason_shown", "changed_by")
    list_filter = ("to_tier", ("changed_by", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__user__email",)
    list_select_related = ("member__user", "from_tier", "to_tier", "changed_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("reason"))
    def reason_shown(self, change: TierChange) -> str:
        return shown(change.reason)
