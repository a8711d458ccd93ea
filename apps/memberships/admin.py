from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import MembershipInvoice, PaymentReminder, Plan, PlanPrice, Subscription
from .selectors import summary
from .services import sync_plan_prices


class PlanPriceInline(admin.TabularInline):
    model = PlanPrice
    extra = 0
    fields = ("interval", "currency", "amount", "stripe_price_id")
    readonly_fields = ("stripe_price_id",)


@admin.register(Plan)
class PlanAdmin(TabbedTranslationAdmin):
    list_display = (
        "name",
        "code",
        "points_multiplier",
        "discount_percent",
        "free_shipping",
        "is_active",
        "position",
    )
    list_editable = ("is_active", "position")
    readonly_fields = ("stripe_product_id",)
    inlines = (PlanPriceInline,)
    actions = ("create_stripe_prices",)

    def save_formset(self, request, form, formset, change):
        """A changed amount, currency or interval is a new Stripe Price (they never change)."""
        for price_form in formset.forms:
            if price_form.instance.pk and {"amount", "currency", "interval"} & set(
                price_form.changed_data
            ):
                price_form.instance.stripe_price_id = ""
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if settings.STRIPE_SECRET_KEY:
            self._sync(request, [form.instance])

    @admin.action(description=_("Create the plans' prices at Stripe"))
    def create_stripe_prices(self, request: HttpRequest, queryset: QuerySet[Plan]) -> None:
        self._sync(request, list(queryset))

    def _sync(self, request: HttpRequest, plans: list[Plan]) -> None:
        try:
            created = sync_plan_prices(plans=plans)
        except Exception:
            self.message_user(
                request,
                _("Stripe could not be reached; the prices will be created on the next save."),
                messages.WARNING,
            )
            return
        if created:
            self.message_user(
                request, _("Prices created at Stripe: %(count)d.") % {"count": created}
            )


class InvoiceInline(admin.TabularInline):
    model = MembershipInvoice
    extra = 0
    can_delete = False
    fields = ("number", "status", "amount", "currency", "period_start", "period_end", "paid_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """The subscribers, with the programme's monthly recurring revenue and churn above."""

    list_display = (
        "member",
        "plan",
        "price",
        "status",
        "cancel_at_period_end",
        "current_period_end",
        "benefits_until",
        "created_at",
    )
    list_filter = ("status", "plan", "cancel_at_period_end", "price__currency")
    search_fields = ("member__user__email", "member__company_name", "stripe_subscription_id")
    list_select_related = ("member__user", "plan", "price__plan")
    date_hierarchy = "created_at"
    inlines = (InvoiceInline,)
    change_list_template = "admin/memberships/subscription/change_list.html"
    readonly_fields = [field.name for field in Subscription._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # subscriptions come from Stripe

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "membership_summary": summary()}
        return super().changelist_view(request, extra_context)


@admin.register(MembershipInvoice)
class MembershipInvoiceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "subscription", "status", "amount", "currency", "period_end")
    list_filter = ("status", "currency")
    search_fields = ("number", "stripe_invoice_id", "subscription__member__user__email")
    readonly_fields = [field.name for field in MembershipInvoice._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PaymentReminder)
class PaymentReminderAdmin(admin.ModelAdmin):
    list_display = ("invoice", "sequence", "sent_at")
    readonly_fields = ("invoice", "sequence", "sent_at")

    def has_add_permission(self, request) -> bool:
        return False
