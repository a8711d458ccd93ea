from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PROFILE_FIELDS, Member


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
