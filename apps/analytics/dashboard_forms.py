"""The dashboard's filters: period (last 7/30/90/365 days or a custom range), country, tier,
customer type."""

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.members.models import CustomerType
from apps.tiers.models import Tier

from .dashboard import PERIOD_CHOICES, Filters, Period

DEFAULT_DAYS = 30
LONGEST_RANGE_DAYS = 731  # two years: a period and its comparison stay within the rollups' reach
CUSTOM = "custom"


def _period_choices():
    days = [(str(n), _("Last %(days)s days") % {"days": n}) for n in PERIOD_CHOICES]
    return [*days, (CUSTOM, _("Custom range"))]


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=_period_choices, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    tier: "forms.ModelChoiceField[Tier]" = forms.ModelChoiceField(
        label=_("Tier"),
        queryset=Tier.objects.order_by("rank"),
        required=False,
        empty_label=_("All tiers"),
    )
    customer_type = forms.ChoiceField(
        label=_("Customer type"),
        required=False,
        choices=[("", _("All customer types")), *CustomerType.choices],
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        country = cast(forms.ChoiceField, self.fields["country"])
        country.choices = [("", _("All countries")), *countries]
        self.fields["period"].initial = str(DEFAULT_DAYS)

    def clean(self):
        data = super().clean()
        if data.get("period") != CUSTOM:
            return data
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            raise forms.ValidationError(_("A custom range needs both a first and a last day."))
        if start > end:
            raise forms.ValidationError(_("The first day must not be after the last day."))
        if end > self.today:
            raise forms.ValidationError(_("The last day cannot be in the future."))
        if (end - start).days + 1 > LONGEST_RANGE_DAYS:
            raise forms.ValidationError(
                _("A custom range can cover at most %(days)s days.") % {"days": LONGEST_RANGE_DAYS}
            )
        return data

    def filters(self) -> Filters:
        """The chosen filters (the default 30 days when the form is unbound or invalid)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        choice = data.get("period") or str(DEFAULT_DAYS)
        if choice == CUSTOM:
            period = Period(data["start"], data["end"])
        else:
            period = Period.last_days(int(choice), today=self.today)
        return Filters(
            period=period,
            country=data.get("country") or "",
            tier=data.get("tier"),
            customer_type=data.get("customer_type") or "",
        )
