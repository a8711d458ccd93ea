from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin

from .errors import PriceImportFailed
from .models import PriceList, PriceListAssignment, PriceListItem
from .services import import_item_prices

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class PriceListItemInline(admin.TabularInline):
    model = PriceListItem
    extra = 1
    fields = ("product", "min_quantity", "price")
    autocomplete_fields = ("product",)


class PriceListAssignmentInline(admin.TabularInline):
    model = PriceListAssignment
    extra = 1
    fields = ("company", "customer_type", "country")
    raw_id_fields = ("company",)


class PriceImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: SKU, unit price, and optionally from quantity (for a volume break). "
            "Existing prices are replaced."
        ),
    )


@admin.register(PriceList)
class PriceListAdmin(TabbedTranslationAdmin):
    list_display = (
        "name",
        "kind",
        "currency",
        "percent_off",
        "priority",
        "valid_from",
        "valid_until",
        "is_active",
    )
    list_filter = ("kind", "currency", "is_active")
    search_fields = ("name",)
    fields = (
        "name",
        "kind",
        "currency",
        "percent_off",
        "priority",
        "valid_from",
        "valid_until",
        "is_active",
    )
    inlines = (PriceListAssignmentInline, PriceListItemInline)
    change_form_template = "admin/pricelists/pricelist/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="pricelists_pricelist_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        price_list = get_object_or_404(PriceList, pk=pk)
        if not self.has_change_permission(request, price_list):
            raise PermissionDenied
        form = PriceImportForm(request.POST or None, request.FILES or None)
        row_errors: list[tuple[int, str]] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD_BYTES:
                form.add_error("file", _("The file is too large (at most 2 MB)."))
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                    imported = import_item_prices(price_list=price_list, text=text)
                except UnicodeDecodeError:
                    form.add_error("file", _("Save the file as CSV in UTF-8 and try again."))
                except PriceImportFailed as error:
                    form.add_error(None, error.message)
                    row_errors = error.details.get("errors", [])
                else:
                    self.message_user(
                        request,
                        _("%(created)s prices added, %(updated)s replaced.")
                        % {"created": imported.created, "updated": imported.updated},
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:pricelists_pricelist_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import prices: %(list)s") % {"list": price_list},
            "form": form,
            "price_list": price_list,
            "row_errors": row_errors,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/pricelists/pricelist/import.html", context)
