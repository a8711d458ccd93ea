from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.formatting import number
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
    """Staff's adjustment of a member's points. Given the member's ``available`` points, a
    debit larger than them is refused here, before anything is recorded; given the programme's
    approval ``threshold``, the points field says from where a second approver is needed."""

    points = forms.IntegerField(
        label=_("Points"),
        help_text=_("Positive to credit, negative to debit."),
        min_value=-10_000_000,
        max_value=10_000_000,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(
        self, *args: Any, available: int | None = None, threshold: int | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.available = available
        if threshold is not None:
            self.fields["points"].help_text = _(
                "Positive to credit, negative to debit. Your adjustments to this account beyond "
                "%(threshold)s points (together, over the programme's window) wait for a second "
                "staff member to approve them."
            ) % {"threshold": number(threshold)}

    def clean_points(self) -> int:
        points: int = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("Enter a number of points other than zero."))
        if self.available is not None and -points > self.available:
            raise forms.ValidationError(
                _("The member has only %(available)s points available to debit.")
                % {"available": number(self.available)}
            )
        return points
