"""The VAT / tax id at checkout: checked for the billing country, stored compact on the order;
a valid EU VAT id of another EU country than the merchant's makes the order reverse charged."""

from decimal import Decimal

import pytest
from django.core import mail

from apps.checkout.models import CartLine
from apps.members.addresses import save_address
from apps.orders.models import Order
from apps.sitecontent.models import CompanyDetails
from tests.factories import ProductFactory
from tests.text import page_text

from .test_checkout import checkout_form

pytestmark = pytest.mark.django_db

REVERSE_CHARGE = (
    "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive "
    "2006/112/EC)"
)


@pytest.fixture
def cart_with_valves(client, exchange_rates):
    valve = ProductFactory(price=Decimal("185.00"), minimum_order_quantity=10, stock_quantity=100)
    client.post("/en/cart/add/", {"product": valve.pk, "quantity": 20})
    return valve


@pytest.fixture
def merchant_in_germany(db):
    return CompanyDetails.objects.create(
        name="Export GmbH", address="Hafenstraße 1, Hamburg", vat_number="DE 136 695 976"
    )


def place(client, shipping_method, language="en", **fields):
    return client.post(f"/{language}/checkout/", checkout_form(shipping_method, **fields))


def test_a_malformed_id_is_refused_with_the_expected_format_and_nothing_is_placed(
    client, cart_with_valves, shipping_method, merchant_in_germany
):
    response = place(client, shipping_method, ship_to_country="FR", vat_id="FR40303265046")

    assert response.context["form"].errors["vat_id"] == [
        "This VAT / tax id is not valid. Its check digit does not match: please look for a "
        "typo. Expected: n° TVA, e.g. FR40303265045."
    ]
    assert not Order.objects.exists()
    assert CartLine.objects.count() == 1


def test_another_eu_countrys_vat_id_reverse_charges_the_order_on_its_page_and_email(
    client,
    cart_with_valves,
    shipping_method,
    merchant_in_germany,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        place(
            client,
            shipping_method,
            ship_to_country="FR",
            ship_to_postal_code="69002",
            vat_id="fr 40 303 265 045",
        )

    order = Order.objects.get()
    assert (order.vat_id, order.reverse_charge) == ("FR40303265045", True)
    page = page_text(client.get(f"/en/orders/{order.access_token}/"))
    assert REVERSE_CHARGE in page
    (email,) = mail.outbox
    assert REVERSE_CHARGE in email.body
    assert REVERSE_CHARGE in email.alternatives[0][0]


def test_the_reverse_charge_wording_is_translated(
    client,
    cart_with_valves,
    shipping_method,
    merchant_in_germany,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        place(client, shipping_method, "de", ship_to_country="NL", vat_id="NL004495445B01")

    order = Order.objects.get()
    assert order.reverse_charge
    (email,) = mail.outbox
    assert "Steuerschuldnerschaft des Leistungsempfängers" in email.body
    assert REVERSE_CHARGE not in email.body


@pytest.mark.parametrize(
    ("country", "vat_id"),
    [
        ("DE", "DE136695976"),  # the merchant's own country
        ("GB", "GB980780684"),  # outside the EU
        ("CN", "91110000600037341L"),
        ("FR", ""),  # no id
    ],
)
def test_no_reverse_charge_at_home_outside_the_eu_or_without_an_id(
    client, cart_with_valves, shipping_method, merchant_in_germany, country, vat_id
):
    postal_code = {"CN": "200000", "GB": "SW1A 1AA", "FR": "69002"}.get(country, "20457")
    place(
        client,
        shipping_method,
        ship_to_country=country,
        ship_to_postal_code=postal_code,
        ship_to_region="Shanghai" if country == "CN" else "",
        vat_id=vat_id,
    )

    order = Order.objects.get()
    assert order.reverse_charge is False
    assert REVERSE_CHARGE not in page_text(client.get(f"/en/orders/{order.access_token}/"))


def test_a_merchant_outside_the_eu_never_reverse_charges(
    client, cart_with_valves, shipping_method, merchant_in_germany
):
    merchant_in_germany.vat_number = "GB 123 4567 89"
    merchant_in_germany.save()

    place(client, shipping_method, ship_to_country="FR", vat_id="FR40303265045")

    assert Order.objects.get().reverse_charge is False


def test_a_member_s_id_is_checked_for_the_chosen_billing_address_country(
    client, member, cart_with_valves, shipping_method, merchant_in_germany
):
    shanghai = save_address(
        member=member,
        fields={"name": "Li", "line1": "1 Road", "city": "Shanghai", "country": "CN"},
    )
    paris = save_address(
        member=member,
        fields={
            "name": "Claire",
            "line1": "3 rue",
            "city": "Paris",
            "postal_code": "75002",
            "country": "FR",
        },
    )
    client.force_login(member.user)
    client.post("/de/cart/add/", {"product": cart_with_valves.pk, "quantity": 20})
    form = {
        **checkout_form(shipping_method, email=None),
        "ship_to_saved": shanghai.pk,
        "bill_to_saved": paris.pk,
    }

    refused = client.post("/en/checkout/", {**form, "vat_id": "91110000600037341L"})  # Chinese
    client.post("/en/checkout/", {**form, "vat_id": "40303265045"})  # French, no prefix

    assert "vat_id" in refused.context["form"].errors
    order = Order.objects.get()
    assert (order.vat_id, order.reverse_charge) == ("FR40303265045", True)
