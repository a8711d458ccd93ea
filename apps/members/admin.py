from django.contrib import admin

from .models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "company_name",
        "country",
        "customer_type",
        "segment",
        "preferred_language",
        "preferred_currency",
        "created_at",
    )
    list_filter = ("segment", "customer_type", "country", "preferred_language")
    search_fields = ("user__email", "company_name", "vat_id", "external_id", "referral_code")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("referral_code", "created_at", "updated_at")
    date_hierarchy = "created_at"
