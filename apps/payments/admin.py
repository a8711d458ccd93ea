from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.errors import ApplicationError

from .models import Payment, ProviderRefund, WebhookEvent
from .services import refund_duplicate_payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "order",
        "provider",
        "reference",
        "amount",
        "currency",
        "status",
        "refunded_at",
        "created_at",
    )
    list_filter = ("provider", "status")
    search_fields = ("order__number", "reference", "provider_payment_id", "refund_reference")
    readonly_fields = [f.name for f in Payment._meta.fields]
    actions = ("refund_duplicates",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Refund the selected payments taken twice"), permissions=["change"])
    def refund_duplicates(self, request: HttpRequest, queryset: QuerySet[Payment]) -> None:
        refunded = 0
        for payment in queryset.order_by("pk"):
            try:
                refund_duplicate_payment(payment_id=payment.pk)
            except ApplicationError as error:
                self.message_user(request, f"{payment}: {error.message}", messages.ERROR)
            else:
                refunded += 1
        if refunded:
            self.message_user(
                request,
                ngettext("%(count)d payment refunded.", "%(count)d payments refunded.", refunded)
                % {"count": refunded},
                messages.SUCCESS,
            )


@admin.register(ProviderRefund)
class ProviderRefundAdmin(admin.ModelAdmin):
    """What the providers gave back on their side, and what became of it (read-only)."""

    list_display = (
        "reference",
        "provider",
        "kind",
        "order",
        "amount",
        "currency",
        "status",
        "dispute_outcome",
        "created_at",
    )
    list_filter = ("provider", "kind", "status", "dispute_outcome")
    search_fields = ("reference", "provider_payment_id", "order__number")
    readonly_fields = [f.name for f in ProviderRefund._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ProviderRefund | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: ProviderRefund | None = None
    ) -> bool:
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ("provider", "event_type", "event_id", "outcome", "received_at")
    list_filter = ("provider", "event_type")
    search_fields = ("event_id",)
    readonly_fields = [f.name for f in WebhookEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: WebhookEvent | None = None) -> bool:
        return False
