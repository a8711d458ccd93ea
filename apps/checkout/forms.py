from decimal import Decimal, InvalidOperation
from typing import cast

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from djmoney.money import Money

from apps.accounts.models import User
from apps.core.tax_ids import check_form_tax_id
from apps.members.addresses import address_of, address_problems
from apps.members.models import Address
from apps.orders.models import Incoterm, PaymentMethod, ShippingMethod
from apps.orders.terms import terms_hint

NEW_ADDRESS = "new"


class AddToCartForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)


class CartLineForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=1_000_000)


def available_payment_methods() -> list[tuple[str, str | Promise]]:
    """Card and PayPal are offered only when their keys are configured."""
    configured: dict[str, bool] = {
        PaymentMethod.STRIPE: bool(settings.STRIPE_SECRET_KEY),
        PaymentMethod.PAYPAL: bool(settings.PAYPAL_CLIENT_ID and settings.PAYPAL_CLIENT_SECRET),
        PaymentMethod.BANK_TRANSFER: bool(settings.BANK_TRANSFER_DETAILS),
    }
    return [(value, label) for value, label in PaymentMethod.choices if configured[value]]


class QuoteForm(forms.Form):
    """The choices the checkout summary depends on (shipping method, coupon, points)."""

    shipping_method: "forms.ModelChoiceField[ShippingMethod]" = forms.ModelChoiceField(
        label=_("Shipping method"),
        queryset=ShippingMethod.objects.filter(is_active=True),
        empty_label=None,
    )
    coupon_code = forms.CharField(label=_("Coupon code"), max_length=40, required=False)
    points = forms.IntegerField(
        label=_("Points to redeem"), min_value=0, max_value=100_000_000, required=False
    )

    def __init__(self, *args, member=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.member = member
        if member is None:
            del self.fields["points"]

    def choices(self) -> dict:
        """The valid choices (``preview_quote`` arguments); a missing or invalid shipping
        method falls back to the first one offered."""
        data = {}
        if self.is_bound:
            self.is_valid()  # keeps the valid fields in cleaned_data, whatever the others
            data = self.cleaned_data
        offered = cast("forms.ModelChoiceField[ShippingMethod]", self.fields["shipping_method"])
        offered_methods = cast("QuerySet[ShippingMethod]", offered.queryset)  # set in the class
        method = data.get("shipping_method") or offered_methods.first()
        return {
            "shipping_method": method,
            "coupon_code": (data.get("coupon_code") or "").strip(),
            "points": data.get("points") or 0,
        }


class CheckoutForm(QuoteForm):
    email = forms.EmailField(label=_("Email"))
    join = forms.BooleanField(
        label=_("Join the loyalty programme with this email and earn points on this order"),
        required=False,
    )
    password = forms.CharField(
        label=_("Choose a password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    ship_to_name = forms.CharField(label=_("Contact name"), max_length=150)
    ship_to_company = forms.CharField(label=_("Company"), max_length=200, required=False)
    ship_to_line1 = forms.CharField(label=_("Address"), max_length=200)
    ship_to_line2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    ship_to_city = forms.CharField(label=_("City"), max_length=100)
    ship_to_postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    ship_to_region = forms.CharField(
        label=_("State / province / region"), max_length=100, required=False
    )
    # django-countries' stubs want blank_label as str; a lazy (translated) text works.
    ship_to_country = CountryField(blank_label=_("Select a country")).formfield(  # type: ignore[call-overload]
        label=_("Country")
    )
    ship_to_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    vat_id = forms.CharField(label=_("VAT / tax id"), max_length=50, required=False)
    incoterm = forms.ChoiceField(
        label=_("Incoterm"), choices=Incoterm.choices, initial=Incoterm.FOB
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)
    # The total the summary showed when the buyer pressed "Place order" ("21820.00 EUR").
    expected_total = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    po_number = forms.CharField(
        label=_("Your purchase order number"), max_length=60, required=False
    )
    notes = forms.CharField(
        label=_("Order notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Fields that only make sense for guests.
    GUEST_FIELDS = ("email", "join", "password")

    def __init__(self, *args, member=None, addresses=(), **kwargs):
        super().__init__(*args, member=member, **kwargs)
        methods = available_payment_methods()
        self.fields["payment_method"].choices = methods
        self.fields["payment_method"].initial = methods[0][0] if methods else None
        if member is not None:
            for name in self.GUEST_FIELDS:
                del self.fields[name]
            # A buyer with payment terms is told them, and on net terms their credit left.
            if any(value == PaymentMethod.BANK_TRANSFER for value, _label in methods):
                self.fields["payment_method"].help_text = terms_hint(member)
        self.addresses = list(addresses)
        if member is not None and self.addresses:
            self._offer_saved_addresses()

    def _offer_saved_addresses(self) -> None:
        """A member chooses one of their addresses or types a new one (and may save it)."""
        saved = [(str(address.pk), one_line(address)) for address in self.addresses]
        cards = [(str(address.pk), address_card(address)) for address in self.addresses]
        self.fields["ship_to_saved"] = forms.ChoiceField(
            label=_("Ship to"),
            choices=[*cards, (NEW_ADDRESS, _("A new address (fill in below)"))],
            widget=forms.RadioSelect,
            required=False,
        )
        self.fields["save_address"] = forms.BooleanField(
            label=_("Save the new address in my address book"), required=False
        )
        self.fields["bill_to_saved"] = forms.ChoiceField(
            label=_("Billing address"),
            choices=[("", _("Same as the shipping address")), *saved],
            required=False,
        )
        if self.uses_saved_address():
            for name, field in self.fields.items():
                if name.startswith("ship_to_") and name != "ship_to_saved":
                    field.required = False

    def uses_saved_address(self) -> bool:
        if "ship_to_saved" not in self.fields:
            return False
        if self.is_bound:
            choice = self.data.get(self.add_prefix("ship_to_saved")) or NEW_ADDRESS
        else:
            choice = self.initial.get("ship_to_saved") or NEW_ADDRESS
        return choice != NEW_ADDRESS

    def clean(self):
        cleaned = super().clean()
        if not self.uses_saved_address():
            problems = address_problems(
                country=cleaned.get("ship_to_country") or "",
                region=cleaned.get("ship_to_region") or "",
                postal_code=cleaned.get("ship_to_postal_code") or "",
            )
            for field, message in problems.items():
                self.add_error(f"ship_to_{field}", message)
        check_form_tax_id(self, country=self.tax_id_country())
        if self.member is not None or not cleaned.get("join"):
            return cleaned
        # An email that has an account is not refused here: that would tell anyone who has an
        # account (accounts.services.create_account_at_checkout handles it).
        email = cleaned.get("email")
        password = cleaned.get("password")
        if not password:
            self.add_error("password", _("Choose a password to create your account."))
        else:
            try:
                password_validation.validate_password(password, User(email=email or ""))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def tax_id_country(self) -> str:
        """The billing address's country, whose tax ids the VAT / tax id must be: the chosen
        billing address's, else the shipping address's (saved or typed)."""
        saved = {str(address.pk): address for address in self.addresses}  # the member's own
        for choice in (self.cleaned_data.get("bill_to_saved"), self._saved_shipping()):
            if choice in saved:
                return str(saved[choice].country)
        return str(self.cleaned_data.get("ship_to_country") or "")

    def _saved_shipping(self) -> str:
        return self.cleaned_data.get("ship_to_saved", "") if self.uses_saved_address() else ""

    def clean_expected_total(self) -> Money | None:
        amount, _space, currency = self.cleaned_data["expected_total"].partition(" ")
        try:
            return Money(Decimal(amount), currency) if currency in settings.CURRENCIES else None
        except InvalidOperation:
            return None

    def address(self) -> dict:
        """The shipping address: the chosen saved one (the member's own), or as typed."""
        if self.uses_saved_address():
            return address_of(self.member, self.cleaned_data["ship_to_saved"]).as_order_address()
        return {
            key.removeprefix("ship_to_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("ship_to_") and key != "ship_to_saved"
        }

    def billing_address(self) -> str:
        """The chosen billing address as the lines of an invoice ("": the shipping address)."""
        choice = self.cleaned_data.get("bill_to_saved")
        return "\n".join(address_lines(address_of(self.member, choice))) if choice else ""

    def new_address_to_save(self) -> dict | None:
        """The typed address, when the member asked to keep it in their address book."""
        if self.uses_saved_address() or not self.cleaned_data.get("save_address"):
            return None
        address = self.address()
        # The VAT id was checked for the billing country: kept with the address if it is that.
        same_country = self.tax_id_country() == str(address.get("country") or "")
        return {**address, "vat_id": self.cleaned_data.get("vat_id", "") if same_country else ""}


def address_lines(address: Address) -> list[str]:
    city = " ".join(part for part in (address.postal_code, address.city) if part)
    lines = [
        address.company,
        address.name,
        address.line1,
        address.line2,
        ", ".join(part for part in (city, address.region) if part),
        str(address.country.name),  # type: ignore[attr-defined]  # a Country, typed as str
    ]
    if address.vat_id:
        lines.append(f"{_('VAT / tax id')}: {address.vat_id}")
    return [line for line in lines if line]


def address_card(address: Address) -> str:
    """The address as a radio button's label: its name, then one line each, every line
    isolated so that Latin and Arabic parts keep their own direction."""
    lines = [address.label, *address_lines(address)] if address.label else address_lines(address)
    return format_html(
        '<span class="address-lines">{}</span>',
        format_html_join(mark_safe("<br>"), "<bdi>{}</bdi>", ((line,) for line in lines)),
    )


def one_line(address: Address) -> str:
    text = ", ".join(address_lines(address))
    return f"{address.label}: {text}" if address.label else text


class QuickOrderUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Two columns: SKU and quantity. A header row is optional."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )


class ListNameForm(forms.Form):
    name = forms.CharField(label=_("List name"), max_length=100)


class SaveToListForm(forms.Form):
    """A product and quantity into one of the member's lists, or into a new one."""

    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)
    requisition_list = forms.TypedChoiceField(
        label=_("Save to"), coerce=int, required=False, widget=forms.RadioSelect
    )
    new_name = forms.CharField(label=_("or a new list named"), max_length=100, required=False)

    def __init__(self, *args, lists=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["requisition_list"])
        field.choices = [(item.pk, item.name) for item in lists]

    def clean(self):
        data = super().clean()
        if not data.get("requisition_list") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("Choose a list or name a new one."))
        return data
