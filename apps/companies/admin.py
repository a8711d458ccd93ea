"""The merchant's view of companies: the list (VAT id masked for Support), the company with its
members (and their roles), addresses and invitations. Writes go through ``services``."""

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.tax_ids import check_form_tax_id

from . import services
from .errors import LastCompanyAdmin
from .models import Company, CompanyAddress, CompanyInvitation, CompanyMember, CompanyRole
from .selectors import with_member_counts


class CompanyAdminForm(forms.ModelForm):
    """The VAT / tax id is checked for the country, as at every other entry point (when it or
    the country changes)."""

    class Meta:
        model = Company
        fields = "__all__"  # noqa: DJ007  # every field, as the admin's own form (it narrows them)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if {"vat_id", "country"} & set(self.changed_data):
            check_form_tax_id(self, country=cleaned.get("country"))
        return cleaned


class CompanyMemberFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        had_admin = any(
            form.initial.get("role") == CompanyRole.ADMIN for form in self.initial_forms
        )
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]
        if had_admin and not any(
            form.cleaned_data.get("role") == CompanyRole.ADMIN for form in kept
        ):
            raise forms.ValidationError(str(LastCompanyAdmin.default_message))


class CompanyMemberInline(admin.TabularInline):
    """The company's members and their roles (a member belongs to one company at most)."""

    model = CompanyMember
    formset = CompanyMemberFormSet
    fields = ("member", "role", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("member",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__user")


class CompanyAddressFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        defaults = [
            form.cleaned_data.get("kind")
            for form in self.forms
            if form.cleaned_data.get("is_default") and not form.cleaned_data.get("DELETE")
        ]
        if len(defaults) != len(set(defaults)):
            raise forms.ValidationError(str(_("The company has a default address of this kind.")))


class CompanyAddressInline(admin.StackedInline):
    model = CompanyAddress
    formset = CompanyAddressFormSet
    fields = (
        ("kind", "is_default"),
        "name",
        "line1",
        "line2",
        ("postal_code", "city"),
        ("region", "country"),
        "phone",
    )
    extra = 0


class CompanyInvitationInline(admin.TabularInline):
    """Invitations sent by the company's admins (they send, re-send and revoke them in the
    member center)."""

    model = CompanyInvitation
    fields = ("email", "role", "language", "sent_at", "expires_at", "accepted_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyAdminForm
    list_display: tuple[str, ...] = (
        "legal_name",
        "country",
        "vat_id",
        "customer_type",
        "segment",
        "payment_terms",
        "account_manager",
        "member_count",
    )
    list_filter: ClassVar[tuple[Any, ...]] = (
        "customer_type",
        "segment",
        "payment_terms",
        "country",
        ("account_manager", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "legal_name",
        "vat_id",
        "external_id",
        "memberships__member__user__email",
    )
    list_select_related = ("account_manager",)
    readonly_fields = ("merged_into", "created_at", "updated_at")
    raw_id_fields = ("account_manager",)
    date_hierarchy: ClassVar[str | None] = "created_at"
    inlines = (CompanyMemberInline, CompanyAddressInline, CompanyInvitationInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Company]:
        return with_member_counts(super().get_queryset(request))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, company: Company) -> int:
        return getattr(company, "member_count", 0)

    def save_model(self, request, obj, form, change):
        services.save_company(company=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not CompanyMember:
            return super().save_formset(request, form, formset, change)
        company = form.instance
        memberships = formset.save(commit=False)
        for removed in formset.deleted_objects:
            services.remove_member(company=company, member_id=removed.member_id)
        for membership in memberships:
            if membership.pk is None:
                services.add_member(company=company, member=membership.member, role=membership.role)
            else:
                services.change_role(
                    company=company, member_id=membership.member_id, role=membership.role
                )
        formset.save_m2m()
