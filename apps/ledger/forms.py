from django import forms
from django.utils.translation import gettext_lazy as _

from apps.members.models import RfmSegment

# Model fields that hold a list of RFM segments (JSON), chosen with checkboxes in the admin.
SEGMENT_LIST_FIELDS = ("member_segments", "re_engagement_segments")


def segment_choice_field(*, label: str, help_text: str) -> forms.MultipleChoiceField:
    """The admin's field for a list of RFM segments (the model keeps it as a JSON list)."""
    return forms.MultipleChoiceField(
        choices=RfmSegment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=help_text,
    )


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
