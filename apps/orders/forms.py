"""Admin forms for the order back office: bank transfer receipts and refunds."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Order, OrderLine


class BankTransferForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received"),
        min_value=Decimal("0.01"),
        decimal_places=2,
        help_text=_(
            "What arrived on the account for this order: a deposit, the balance, or the total "
            "less the banks' fees."
        ),
    )
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)
    # One receipt per form shown: sending the form twice records it once.
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class RefundForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    full = forms.BooleanField(label=_("Refund everything that remains"), required=False)
    extra_amount = forms.DecimalField(
        label=_("Extra amount (freight, goodwill)"),
        min_value=Decimal(0),
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args: Any, order: Order, already: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: list[tuple[OrderLine, str]] = []
        for line in order.lines.all():
            remaining = line.quantity - already.get(line.pk, 0)
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"{line.name} ({line.sku})",
                min_value=0,
                max_value=remaining,
                initial=0,
                required=False,
                help_text=_("%(count)s refundable") % {"count": remaining},
            )
            self.lines.append((line, name))

    def quantities(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data[name]
            for line, name in self.lines
            if self.cleaned_data.get(name)
        }
