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
