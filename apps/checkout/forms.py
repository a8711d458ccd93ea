from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.accounts.models import User
from apps.orders.models import Incoterm, PaymentMethod, ShippingMethod

# Where carriers and customs need a region in the address, and where there are no postal codes.
COUNTRIES_REQUIRING_REGION = frozenset({"US", "CA", "AU", "BR", "MX", "CN", "IN", "JP"})
COUNTRIES_WITHOUT_POSTAL_CODE = frozenset(
    {
        "AE",
        "AG",
        "AO",
        "BS",
        "BZ",
        "CW",
        "FJ",
        "GH",
        "HK",
        "IE",
        "JM",
        "KI",
        "MO",
        "QA",
        "SC",
        "SR",
        "TT",
        "UG",
        "YE",
        "ZW",
    }
)


class AddToCartForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)


class CartLineForm(forms.Form):
    product = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=1_000_000)


def available_payment_methods() -> list[tuple[str, str]]:
    """Card and PayPal are offered only when their keys are configured."""
    configured = {
        PaymentMethod.STRIPE: bool(settings.STRIPE_SECRET_KEY),
        PaymentMethod.PAYPAL: bool(settings.PAYPAL_CLIENT_ID and settings.PAYPAL_CLIENT_SECRET),
        PaymentMethod.BANK_TRANSFER: bool(settings.BANK_TRANSFER_DETAILS),
    }
    return [(value, label) for value, label in PaymentMethod.choices if configured[value]]


class CheckoutForm(forms.Form):
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
    ship_to_country = CountryField(blank_label=_("Select a country")).formfield(label=_("Country"))
    ship_to_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    vat_id = forms.CharField(label=_("VAT / tax id"), max_length=50, required=False)
    incoterm = forms.ChoiceField(
        label=_("Incoterm"), choices=Incoterm.choices, initial=Incoterm.FOB
    )
    shipping_method = forms.ModelChoiceField(
        label=_("Shipping method"),
        queryset=ShippingMethod.objects.filter(is_active=True),
        empty_label=None,
    )
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)
    coupon_code = forms.CharField(label=_("Coupon code"), max_length=40, required=False)
    points = forms.IntegerField(label=_("Points to redeem"), min_value=0, required=False)
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

    def __init__(self, *args, member=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.member = member
        methods = available_payment_methods()
        self.fields["payment_method"].choices = methods
        self.fields["payment_method"].initial = methods[0][0] if methods else None
        if member is not None:
            for name in self.GUEST_FIELDS:
                del self.fields[name]
        else:
            del self.fields["points"]

    def clean(self):
        cleaned = super().clean()
        self._check_address_for_country(cleaned)
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

    def _check_address_for_country(self, cleaned) -> None:
        country = cleaned.get("ship_to_country")
        if not country:
            return
        if country in COUNTRIES_REQUIRING_REGION and not cleaned.get("ship_to_region"):
            self.add_error("ship_to_region", _("This country needs a state, province or region."))
        if country not in COUNTRIES_WITHOUT_POSTAL_CODE and not cleaned.get("ship_to_postal_code"):
            self.add_error("ship_to_postal_code", _("This country needs a postal code."))

    def address(self) -> dict:
        return {
            key.removeprefix("ship_to_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("ship_to_")
        }
