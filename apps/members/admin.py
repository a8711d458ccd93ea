from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ReadOnlyAdmin
from apps.core.admin_export import CsvExportAdmin
from apps.core.system_notes import shown
from apps.core.tax_ids import check_form_tax_id

from .models import (
    RFM_FIELDS,
    Address,
    ConsentRecord,
    Member,
    ProductView,
    Referral,
    ShareVisit,
)


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    fields = ("created_at", "purpose", "granted", "source")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-created_at", "-id")
    verbose_name_plural = _("consent history")


class ProductViewInline(admin.TabularInline):
    """What the member looked at (it feeds their recommendations), most recent first."""

    model = ProductView
    fields = ("product", "views", "last_viewed_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-last_viewed_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


class AddressInline(admin.TabularInline):
    """The member's address book (they keep it themselves in the member center)."""

    model = Address
    fields = (
        "label",
        "company",
        "name",
        "line1",
        "city",
        "country",
        "vat_id",
        "is_default_shipping",
        "is_default_billing",
    )
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


class MemberAdminForm(forms.ModelForm):
    """Staff's edits check the VAT / tax id as every other entry point does (when it or the
    country changes: an id saved before the check came in does not block other edits)."""

    class Meta:
        model = Member
        fields = "__all__"  # noqa: DJ007  # every field, as the admin's own form (it narrows them)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if {"vat_id", "country"} & set(self.changed_data):
            check_form_tax_id(self, country=cleaned.get("country"))
        return cleaned


@admin.register(Member)
class MemberAdmin(CsvExportAdmin, admin.ModelAdmin):
    """The member's profile; ``apps.backoffice.admin`` registers it again as the member 360
    (points, tier, ledger, orders... which the members app may not import)."""

    form = MemberAdminForm

    list_display: tuple[str, ...] = (
        "user",
        "company_name",
        "country",
        "customer_type",
        "segment",
        "rfm_segment",
        "preferred_language",
        "preferred_currency",
        "created_at",
    )
    list_filter: ClassVar[tuple[Any, ...]] = (
        "segment",
        "rfm_segment",
        "customer_type",
        "country",
        "preferred_language",
    )
    search_fields = ("user__email", "company_name", "vat_id", "external_id", "referral_code")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("referral_code", "created_at", "updated_at", *RFM_FIELDS)
    date_hierarchy: ClassVar[str | None] = "created_at"
    inlines = (AddressInline, ConsentInline, ProductViewInline)


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = (
        "referrer",
        "referred",
        "channel",
        "status",
        "created_at",
        "rewarded_at",
        "note_shown",
    )
    list_filter = ("status", "channel")
    search_fields = (
        "referrer__user__email",
        "referrer__company_name",
        "referred__user__email",
        "referred__company_name",
    )
    list_select_related = ("referrer__user", "referred__user")
    date_hierarchy = "created_at"
    fields = (
        "referrer",
        "referred",
        "channel",
        "status",
        "note_shown",
        "created_at",
        "rewarded_at",
    )
    readonly_fields = fields

    @admin.display(description=_("note"))
    def note_shown(self, referral):
        return shown(referral.note)


@admin.register(ShareVisit)
class ShareVisitAdmin(ReadOnlyAdmin):
    """Visits through members' shared links, per channel and day (share to earn)."""

    list_display = ("day", "referrer", "channel", "visits")
    list_filter = ("channel",)
    search_fields = ("referrer__user__email", "referrer__company_name")
    list_select_related = ("referrer__user",)
    date_hierarchy = "day"
    fields = ("referrer", "channel", "day", "visits")
    readonly_fields = fields


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ("member", "purpose", "granted", "source", "created_at")
    list_filter = ("purpose", "granted", "source")
    search_fields = ("member__user__email", "member__company_name")
    list_select_related = ("member__user",)
    date_hierarchy = "created_at"
