"""The member's address book: kept in the member center, offered at checkout, never another
member's."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from apps.checkout.models import Cart, CartLine
from apps.members.addresses import delete_address, save_address
from apps.members.models import Address
from apps.members.services import close_account
from apps.orders.models import Order, ShippingMethod
from tests.checkout.test_checkout import checkout_form
from tests.factories import MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db

HAMBURG = {
    "label": "Hamburg warehouse",
    "name": "Max Mustermann",
    "company": "Muster GmbH",
    "line1": "Hafenstraße 1",
    "city": "Hamburg",
    "postal_code": "20457",
    "country": "DE",
    "vat_id": "DE136695976",
}
LYON = {
    "name": "Claire Martin",
    "company": "Muster France SARL",
    "line1": "3 quai Perrache",
    "city": "Lyon",
    "postal_code": "69002",
    "country": "FR",
    "vat_id": "FR40303265045",
}


def defaults(member) -> dict[str, str]:
    rows = Address.objects.filter(member=member)
    return {
        "shipping": rows.get(is_default_shipping=True).city,
        "billing": rows.get(is_default_billing=True).city,
    }


def test_the_first_address_is_the_default_and_a_new_default_replaces_the_old(member):
    save_address(member=member, fields=HAMBURG)
    first = defaults(member)
    save_address(member=member, fields=LYON, default_billing=True)

    assert first == {"shipping": "Hamburg", "billing": "Hamburg"}
    assert defaults(member) == {"shipping": "Hamburg", "billing": "Lyon"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.filter(member=member).update(is_default_shipping=True)


def test_deleting_a_default_hands_its_role_to_another_address(member):
    hamburg = save_address(member=member, fields=HAMBURG)
    save_address(member=member, fields=LYON)

    delete_address(member=member, address_id=hamburg.pk)

    assert defaults(member) == {"shipping": "Lyon", "billing": "Lyon"}


def test_the_member_center_adds_edits_and_chooses_defaults(client, member):
    client.force_login(member.user)

    added = client.post("/en/member/addresses/new/", {**HAMBURG, "default_shipping": "on"})
    client.post("/en/member/addresses/new/", LYON)
    lyon = Address.objects.get(city="Lyon")
    client.post(f"/en/member/addresses/{lyon.pk}/", {**LYON, "line1": "5 quai Perrache"})
    client.post(f"/en/member/addresses/{lyon.pk}/default/shipping/")
    page = client.get("/en/member/addresses/")

    assert added.status_code == 302
    assert Address.objects.get(city="Lyon").line1 == "5 quai Perrache"
    assert defaults(member) == {"shipping": "Lyon", "billing": "Hamburg"}
    assert "Hamburg warehouse" in page.content.decode()


def test_the_address_must_suit_its_country(client, member):
    client.force_login(member.user)

    response = client.post(
        "/en/member/addresses/new/", {**HAMBURG, "country": "US", "postal_code": ""}
    )

    errors = response.context["form"].errors
    assert errors["region"] == ["This country needs a state, province or region."]
    assert errors["postal_code"] == ["This country needs a postal code."]
    assert not Address.objects.exists()


def test_another_members_address_cannot_be_seen_changed_deleted_or_made_default(client, member):
    theirs = save_address(member=MemberFactory(), fields=HAMBURG)
    client.force_login(member.user)

    answers = [
        client.get(f"/en/member/addresses/{theirs.pk}/").status_code,
        client.post(f"/en/member/addresses/{theirs.pk}/", LYON).status_code,
        client.post(f"/en/member/addresses/{theirs.pk}/delete/").status_code,
        client.post(f"/en/member/addresses/{theirs.pk}/default/billing/").status_code,
    ]

    theirs.refresh_from_db()
    assert answers == [404, 404, 404, 404]
    assert theirs.city == "Hamburg"


@pytest.fixture
def checkout_member(client, member, exchange_rates):
    cart = Cart.objects.create(member=member)
    CartLine.objects.create(cart=cart, product=ProductFactory(price=Decimal("100")), quantity=1)
    client.force_login(member.user)
    return member


@pytest.fixture
def express(db):
    return ShippingMethod.objects.create(name_en="Express", price=Decimal("10"))


def test_checkout_offers_the_default_addresses_and_ships_to_the_chosen_one(
    client, checkout_member, express
):
    hamburg = save_address(member=checkout_member, fields=HAMBURG)
    lyon = save_address(member=checkout_member, fields=LYON, default_billing=True)

    page = client.get("/en/checkout/")
    client.post(
        "/en/checkout/",
        {
            **checkout_form(express, email=None, ship_to_name=None, ship_to_line1=None),
            "ship_to_city": "",
            "ship_to_saved": str(hamburg.pk),
            "bill_to_saved": str(lyon.pk),
        },
    )

    order = Order.objects.get()
    form = page.context["form"]
    assert (form["ship_to_saved"].value(), form["bill_to_saved"].value()) == (
        str(hamburg.pk),
        str(lyon.pk),
    )
    assert form["vat_id"].value() == "FR40303265045"  # the default billing address's
    assert (order.ship_to_company, order.ship_to_line1, order.ship_to_city) == (
        "Muster GmbH",
        "Hafenstraße 1",
        "Hamburg",
    )
    assert order.billing_address.splitlines() == [
        "Muster France SARL",
        "Claire Martin",
        "3 quai Perrache",
        "69002 Lyon",
        "France",
        "VAT / tax id: FR40303265045",
    ]


def test_checkout_refuses_another_members_address(client, checkout_member, express):
    save_address(member=checkout_member, fields=LYON)
    theirs = save_address(member=MemberFactory(), fields=HAMBURG)

    response = client.post(
        "/en/checkout/",
        {**checkout_form(express, email=None), "ship_to_saved": str(theirs.pk)},
    )

    assert "ship_to_saved" in response.context["form"].errors
    assert not Order.objects.exists()


def test_a_new_address_at_checkout_is_saved_when_the_member_asks(client, checkout_member, express):
    save_address(member=checkout_member, fields=LYON)

    client.post(
        "/en/checkout/",
        {**checkout_form(express, email=None), "ship_to_saved": "new", "save_address": "on"},
    )

    order = Order.objects.get()
    assert order.ship_to_city == "Hamburg"  # as typed
    assert sorted(
        Address.objects.filter(member=checkout_member).values_list("city", flat=True)
    ) == [
        "Hamburg",
        "Lyon",
    ]


def test_the_address_book_is_exported_and_erased_with_the_account(client, member):
    save_address(member=member, fields=HAMBURG)
    client.force_login(member.user)

    exported = client.get("/en/member/privacy/export/").json()["addresses"]
    close_account(member=member)

    assert exported[0]["city"] == "Hamburg" and exported[0]["is_default_shipping"] is True
    assert not Address.objects.filter(member=member).exists()
