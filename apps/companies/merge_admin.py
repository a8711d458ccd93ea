"""Merging duplicate companies in the admin (#20): staff add a "company merge", choosing the
duplicate and the company that stays; ``services.merge_companies`` does the rest and the merge
stays as its audit record (who, when, what moved), read-only. Loaded by ``CompaniesConfig``
(kept apart from the company pages' own admin module)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from .models import Company, CompanyMerge
from .services import merge_companies


class CompanyMergeForm(forms.ModelForm):
    class Meta:
        model = CompanyMerge
        fields = ("merged", "survivor")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = Company.objects.filter(merged_into__isnull=True)
        for name in ("merged", "survivor"):
            field = self.fields.get(name)  # read-only (not a form field) on a recorded merge
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = current

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("merged") and data.get("merged") == data.get("survivor"):
            raise forms.ValidationError(_("A company cannot be merged into itself."))
        return data


@admin.register(CompanyMerge)
class CompanyMergeAdmin(admin.ModelAdmin[CompanyMerge]):
    form = CompanyMergeForm
    list_display = ("merged", "survivor", "members_moved", "merged_by", "merged_at")
    list_select_related = ("merged", "survivor", "merged_by")
    search_fields = ("merged__legal_name", "survivor__legal_name")
    readonly_fields = ("merged_by", "merged_at", "members_moved", "details")

    def get_readonly_fields(self, request: HttpRequest, obj: CompanyMerge | None = None) -> Any:
        if obj is not None:  # a merge is a record: never changed
            return ("merged", "survivor", *self.readonly_fields)
        return ()

    def get_fields(self, request: HttpRequest, obj: CompanyMerge | None = None) -> Any:
        if obj is None:
            return ("merged", "survivor")
        return ("merged", "survivor", *self.readonly_fields)

    def has_delete_permission(self, request: HttpRequest, obj: CompanyMerge | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CompanyMerge, form: Any, change: bool) -> None:
        if change:
            return
        try:
            merge = merge_companies(merged=obj.merged, survivor=obj.survivor, actor=request.user)
        except ApplicationError as error:  # raced by another merge: say so on the form
            raise forms.ValidationError(error.message) from error
        obj.pk = merge.pk
        obj.merged_at, obj.members_moved, obj.details = (
            merge.merged_at,
            merge.members_moved,
            merge.details,
        )
        obj.merged_by = merge.merged_by
