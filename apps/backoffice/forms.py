from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.tiers.models import Tier


class SetTierForm(forms.Form):
    """A tier given by hand: which, why (the member's record keeps it) and until when."""

    tier: "forms.ModelChoiceField[Tier]" = forms.ModelChoiceField(
        label=_("Tier"), queryset=Tier.objects.order_by("rank")
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    keep_until = forms.DateField(
        label=_("Keep until (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Empty: until the next re-evaluation. Until then the re-evaluation leaves this tier "
            "alone; afterwards the member gets the tier they qualify for."
        ),
    )

    def clean_keep_until(self):
        day = self.cleaned_data["keep_until"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day

    def until(self) -> datetime | None:
        """The end of the chosen day, in the admin's time zone."""
        day = self.cleaned_data["keep_until"]
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
