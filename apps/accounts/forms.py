from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.core.tax_ids import check_form_tax_id

from .models import User


class AdminUserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with an optional company: given a company name (with its country and,
    optionally, its VAT / tax id, checked for that country), the company is created and the
    new member becomes its company admin (``adapters.AccountAdapter.save_user``)."""

    company_name = forms.CharField(
        label=_("Company name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Company name (optional)"), "autocomplete": "organization"}
        ),
    )
    company_country = forms.ChoiceField(
        label=_("Company country"),
        choices=lambda: [("", _("Company country")), *countries],
        required=False,
    )
    vat_id = forms.CharField(
        label=_("VAT / tax id (optional)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("VAT / tax id (optional)")}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        name = (cleaned.get("company_name") or "").strip()
        cleaned["company_name"] = name
        if name and not cleaned.get("company_country"):
            self.add_error("company_country", _("Choose the company's country."))
        if cleaned.get("vat_id") and not name:
            self.add_error("company_name", _("Enter the company's name for this VAT / tax id."))
        if name:
            check_form_tax_id(self, country=cleaned.get("company_country"))
        return cleaned
