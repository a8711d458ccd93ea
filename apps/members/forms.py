from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.tax_ids import check_form_tax_id

from .addresses import address_problems
from .models import PROFILE_FIELDS, Address, Member


def timezone_choices():
    return [
        (zone, zone.replace("_", " "))
        for zone in sorted(available_timezones())
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/"))
    ] + [("UTC", "UTC")]


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("time zone"), choices=timezone_choices)

    class Meta:
        model = Member
        fields = PROFILE_FIELDS
        widgets = {
            "birthday": forms.DateInput(attrs={"type": "date"}),
            "purchasing_needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "purchasing_needs": _("Products you buy or plan to buy; we recommend accordingly."),
            "marketing_consent": _(
                "News, offers and points reminders by email. You can change this at any time."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        check_form_tax_id(self, country=cleaned.get("country"))
        return cleaned


class CloseAccountForm(forms.Form):
    """Deleting an account cannot be undone: the member confirms with their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my points are forfeited and this cannot be undone."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password")
        return password


class AddressForm(forms.ModelForm):
    default_shipping = forms.BooleanField(
        label=_("Use as my default shipping address"), required=False
    )
    default_billing = forms.BooleanField(
        label=_("Use as my default billing address"), required=False
    )

    class Meta:
        model = Address
        fields = (
            "label",
            "name",
            "company",
            "line1",
            "line2",
            "city",
            "postal_code",
            "region",
            "country",
            "phone",
            "vat_id",
        )
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "region": forms.TextInput(attrs={"autocomplete": "address-level1"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["default_shipping"].initial = self.instance.is_default_shipping
            self.fields["default_billing"].initial = self.instance.is_default_billing

    def clean(self):
        cleaned = super().clean()
        problems = address_problems(
            country=cleaned.get("country") or "",
            region=cleaned.get("region") or "",
            postal_code=cleaned.get("postal_code") or "",
        )
        for field, message in problems.items():
            self.add_error(field, message)
        check_form_tax_id(self, country=cleaned.get("country"))
        return cleaned

    def address_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
