"""Saved lists (requisition lists): a member names lists of products and quantities, fills them
from a product page or the cart, and orders a whole list into the cart with the cart's rules."""

import pytest

from apps.checkout import requisition_lists as lists
from apps.checkout.errors import InvalidQuantity
from apps.checkout.models import Cart, CartLine, RequisitionList
from apps.members.services import close_account
from tests.factories import MemberFactory, ProductFactory
from tests.text import page_text

pytestmark = pytest.mark.django_db


def test_a_list_name_is_unique_per_owner(member):
    lists.create_list(member=member, name="Monthly")
    lists.create_list(member=MemberFactory(), name="Monthly")

    with pytest.raises(lists.DuplicateListName):
        lists.create_list(member=member, name="Monthly ")


def test_adding_a_product_twice_adds_to_its_line_and_zero_removes_it(member):
    valve = ProductFactory()
    monthly = lists.create_list(member=member, name="Monthly")

    lists.add_to_list(requisition_list=monthly, product=valve, quantity=10)
    lists.add_to_list(requisition_list=monthly, product=valve, quantity=5)
    assert monthly.lines.get().quantity == 15
    with pytest.raises(InvalidQuantity):
        lists.add_to_list(requisition_list=monthly, product=valve, quantity=0)

    lists.set_list_quantity(requisition_list=monthly, product_id=valve.pk, quantity=0)
    assert not monthly.lines.exists()


def test_ordering_a_list_adds_the_good_lines_and_says_why_the_others_failed(member):
    valve = ProductFactory(minimum_order_quantity=10)
    gasket = ProductFactory(pack_size=12)
    retired = ProductFactory()
    monthly = lists.create_list(member=member, name="Monthly")
    for product, quantity in ((valve, 10), (gasket, 5), (retired, 1)):
        lists.add_to_list(requisition_list=monthly, product=product, quantity=quantity)
    retired.is_active = False
    retired.save()
    cart = Cart.objects.create(member=member)

    result = lists.order_list(requisition_list=monthly, cart=cart)

    assert [outcome.product for outcome in result.added] == [valve]
    assert [outcome.code for outcome in result.failed] == [
        "not_a_pack_multiple",
        "product_unavailable",
    ]
    assert list(cart.lines.values_list("product_id", "quantity")) == [(valve.pk, 10)]
    assert monthly.lines.count() == 3  # the list stays as it was


def test_saving_the_cart_as_a_list_copies_its_lines(client, member, exchange_rates):
    client.force_login(member.user)
    valve, hose = ProductFactory(), ProductFactory()
    cart = Cart.objects.create(member=member)
    CartLine.objects.create(cart=cart, product=valve, quantity=3)
    CartLine.objects.create(cart=cart, product=hose, quantity=7)

    response = client.post("/en/cart/save-as-list/", {"name": "Site B"}, follow=True)

    saved = RequisitionList.objects.get(owner_member=member)
    assert saved.name == "Site B"
    assert dict(saved.lines.values_list("product_id", "quantity")) == {valve.pk: 3, hose.pk: 7}
    assert "Your cart was saved as the list Site B." in page_text(response)
    assert cart.lines.count() == 2


def test_saving_from_a_product_page_into_a_new_or_an_existing_list(client, member, exchange_rates):
    client.force_login(member.user)
    valve = ProductFactory(name_en="Valve")

    assert (
        client.get(valve.get_absolute_url()).content.decode().count('data-testid="save-to-list"')
        == 1
    )
    chooser = client.get("/en/member/lists/save/", {"product": valve.pk, "quantity": 4})
    assert chooser.status_code == 200
    client.post(
        "/en/member/lists/save/", {"product": valve.pk, "quantity": 4, "new_name": "Spares"}
    )
    spares = RequisitionList.objects.get(owner_member=member, name="Spares")
    client.post(
        "/en/member/lists/save/",
        {"product": valve.pk, "quantity": 2, "requisition_list": spares.pk},
    )

    assert spares.lines.get().quantity == 6


def test_a_member_never_sees_or_uses_anothers_list(client, member, exchange_rates):
    theirs = lists.create_list(member=MemberFactory(), name="Theirs")
    lists.add_to_list(requisition_list=theirs, product=ProductFactory(), quantity=1)
    client.force_login(member.user)

    assert client.get(f"/en/member/lists/{theirs.pk}/").status_code == 404
    assert client.post(f"/en/member/lists/{theirs.pk}/order/").status_code == 404
    assert client.post(f"/en/member/lists/{theirs.pk}/delete/").status_code == 404
    response = client.post(
        "/en/member/lists/save/",
        {"product": ProductFactory().pk, "quantity": 1, "requisition_list": theirs.pk},
    )
    assert response.status_code == 200  # the choice is refused, the form comes back
    assert theirs.lines.count() == 1
    assert "Theirs" not in page_text(client.get("/en/member/lists/"))


def test_ordering_a_list_from_its_page(client, member, exchange_rates):
    client.force_login(member.user)
    monthly = lists.create_list(member=member, name="Monthly")
    lists.add_to_list(requisition_list=monthly, product=ProductFactory(), quantity=2)

    response = client.post(f"/en/member/lists/{monthly.pk}/order/", follow=True)

    assert "1 product was added to your cart." in page_text(response)
    assert Cart.objects.get(member=member).lines.get().quantity == 2


def test_lists_need_a_signed_in_member(client):
    response = client.get("/en/member/lists/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_closing_an_account_drops_its_lists(member):
    lists.create_list(member=member, name="Monthly")

    close_account(member=member)

    assert not RequisitionList.objects.exists()
