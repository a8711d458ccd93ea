"""The buyer's request form, the accept form, and the staff's answer form (admin)."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.catalog.models import Product
from apps.checkout.forms import available_payment_methods
from apps.members.models import Address
from apps.orders.models import AMOUNT, Incoterm, PaymentMethod
from apps.orders.terms import terms_hint

from .attachments import MAX_FILES, check_file
from .errors import InvalidAttachment
from .models import Quote

MAX_LINES = 20
DEFAULT_VALIDITY_DAYS = 30


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class RequestForm(forms.Form):
    """The request's header; its lines are ``LineFormSet``."""

    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=Incoterm.choices, initial="FOB")
    destination_country = CountryField(blank=False).formfield(label=_("Destination country"))
    destination_port = forms.CharField(
        label=_("Destination port or place"), max_length=100, required=False
    )
    required_by = forms.DateField(
        label=_("Required by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(
        label=_("Drawings and photos"),
        required=False,
        help_text=_("PDF, DWG, PNG or JPEG; up to 5 files of 10 MB each."),
    )

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_FILES})
        checked = []
        for file in files:
            try:
                checked.append(check_file(name=file.name, content=file.read()))
            except InvalidAttachment as error:
                raise ValidationError(str(error.message)) from None
        return checked


class LineForm(forms.Form):
    product = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(label=_("Product or description"), max_length=500, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000_000)
    target_unit_price = forms.DecimalField(
        label=_("Target unit price"),
        required=False,
        min_value=Decimal(0),
        max_digits=AMOUNT["max_digits"],
        decimal_places=AMOUNT["decimal_places"],
    )


LineFormSet = forms.formset_factory(
    LineForm, extra=0, min_num=1, max_num=MAX_LINES, validate_min=True, validate_max=True
)


class AcceptForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    address = forms.ModelChoiceField(
        label=_("Ship to"), queryset=Address.objects.none(), empty_label=None
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), choices=())
    po_number = forms.CharField(label=_("Purchase order number"), max_length=60, required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = member.addresses.all()
        # The methods checkout offers (those configured), and the buyer's terms as checkout
        # tells them.
        methods = available_payment_methods()
        self.fields["payment_method"].choices = methods
        self.fields["payment_method"].initial = methods[0][0] if methods else None
        if any(value == PaymentMethod.BANK_TRANSFER for value, _label in methods):
            self.fields["payment_method"].help_text = terms_hint(member)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    """Staff's answer: a price and lead time per line (fields ``price_<id>``, ``lead_<id>``,
    ``product_<id>`` for a described line), freight and insurance, validity and terms."""

    expected_revision = forms.IntegerField(widget=forms.HiddenInput)
    freight = forms.DecimalField(
        label=_("Freight"), min_value=Decimal(0), initial=Decimal(0), **AMOUNT
    )
    insurance = forms.DecimalField(
        label=_("Insurance"), min_value=Decimal(0), initial=Decimal(0), **AMOUNT
    )
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    terms = forms.CharField(
        label=_("Terms"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Note to the buyer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name.startswith("product_"):
                product = Product.objects.filter(sku=value.strip()).first()
                if product is None:
                    self.add_error(name, _("No product has this SKU."))
                else:
                    cleaned[name] = product
        return cleaned

    def __init__(self, *args, quote: Quote, suggested: dict, **kwargs):
        super().__init__(*args, **kwargs)
        latest = quote.latest_revision
        previous = {line.line_id: line for line in latest.lines.all()} if latest else {}
        self.fields["expected_revision"].initial = quote.revision_count
        self.fields["valid_until"].initial = timezone.localdate() + timedelta(
            days=DEFAULT_VALIDITY_DAYS
        )
        if latest:
            self.fields["freight"].initial = latest.freight_amount
            self.fields["insurance"].initial = latest.insurance_amount
            self.fields["terms"].initial = latest.terms
        self.line_rows = []
        for line in quote.lines.select_related("product"):
            before = previous.get(line.pk)
            price = suggested.get(line.pk)
            initial_price = (
                before.unit_price if before else (price.unit_price.amount if price else None)
            )
            self.fields[f"price_{line.pk}"] = forms.DecimalField(
                label=_("Unit price"), min_value=Decimal(0), initial=initial_price, **AMOUNT
            )
            self.fields[f"lead_{line.pk}"] = forms.IntegerField(
                label=_("Lead time (days)"),
                min_value=0,
                max_value=3650,
                initial=before.lead_time_days if before else 0,
            )
            names = [f"price_{line.pk}", f"lead_{line.pk}"]
            if line.product_id is None:
                self.fields[f"product_{line.pk}"] = forms.CharField(
                    label=_("SKU"), max_length=64, help_text=_("The product this line is.")
                )
                names.append(f"product_{line.pk}")
            self.line_rows.append((line, price, [self[name] for name in names]))
