from django import forms
from django.utils.translation import gettext_lazy as _


class AdjustmentForm(forms.Form):
    points = forms.IntegerField(
        label=_("Points"),
        help_text=_("Positive to credit, negative to debit."),
        min_value=-10_000_000,
        max_value=10_000_000,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def clean_points(self) -> int:
        points: int = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("Enter a number of points other than zero."))
        return points
