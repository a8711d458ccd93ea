from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, path

from .models import NumberSequence, TradeDocument
from .views import staff_download


@admin.register(TradeDocument)
class TradeDocumentAdmin(admin.ModelAdmin):
    """Issued documents, read only: a number once given is never changed or deleted."""

    list_display = ("number", "kind", "order", "language", "issued_at")
    list_filter = ("kind", "year")
    search_fields = ("number", "order__number")
    list_select_related = ("order",)
    fields = ("number", "kind", "order", "language", "issued_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "order/<int:order_id>/<str:kind>/",
                self.admin_site.admin_view(staff_download),
                name="documents_download",
            ),
            *super().get_urls(),
        ]


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    """The counters, to read: they move only when a document is issued."""

    list_display = ("series", "year", "last_number")
    readonly_fields = ("series", "year", "last_number")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
