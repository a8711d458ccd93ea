from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from .models import CompanyDetails, ContentPage, ContentSection


@admin.register(CompanyDetails)
class CompanyDetailsAdmin(TabbedTranslationAdmin):
    """One set of details: the list opens it (or the form to create it)."""

    fieldsets = (
        (None, {"fields": ("name", "represented_by", "address")}),
        (
            None,
            {"fields": ("registry", "registration_number", "vat_number", "eori_number")},
        ),
        (None, {"fields": ("phone", "whatsapp", "email", "opening_hours")}),
        (None, {"fields": ("bank_details",)}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not CompanyDetails.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        details = CompanyDetails.objects.first()
        if details is None:
            return HttpResponseRedirect(reverse("admin:sitecontent_companydetails_add"))
        return HttpResponseRedirect(
            reverse("admin:sitecontent_companydetails_change", args=[details.pk])
        )


class ContentSectionInline(TranslationStackedInline):
    model = ContentSection
    extra = 1
    fields = ("heading", "body", "position")


@admin.register(ContentPage)
class ContentPageAdmin(TabbedTranslationAdmin):
    list_display = (
        "title",
        "kind",
        "slug",
        "is_published",
        "show_in_footer",
        "position",
        "updated_at",
    )
    list_editable = ("is_published", "show_in_footer", "position")
    list_filter = ("kind", "is_published")
    search_fields = ("title", "slug")
    fields = ("kind", "slug", "title", "introduction", "is_published", "show_in_footer", "position")
    inlines = (ContentSectionInline,)
