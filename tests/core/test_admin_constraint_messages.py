"""The cases behind the admin's constraint errors, one by one, with the words the merchant
reads (in their language): price breaks repeated inline, values that only differ by case or
sit under a condition, and a row someone else saved while the form was open."""

import pytest
from django.contrib.auth.models import Group
from django.db.models.signals import pre_save
from django.utils import translation

from apps.accounts.models import User
from apps.catalog.models import Product, ProductPrice
from apps.members.models import Member
from apps.tiers.models import Tier
from tests.admin_forms import form_data
from tests.core.test_admin_constraints import error_texts
from tests.factories import MemberFactory, ProductFactory, ProductPriceFactory, UserFactory

pytestmark = pytest.mark.django_db

SAME_BREAK = "This product already has a price from this quantity in this currency."


def change_form(client, obj) -> dict:
    opts = obj._meta
    page = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/")
    return form_data(page.content.decode(), f"{opts.model_name}_form")


def with_price_rows(data: dict, rows: list[tuple[str, str, str]]) -> dict:
    """``data`` plus new price rows (amount, currency, from quantity) after the existing ones."""
    total = int(data["prices-TOTAL_FORMS"][0])
    initial = int(data["prices-INITIAL_FORMS"][0])
    data = {
        k: v
        for k, v in data.items()
        if not k.startswith(tuple(f"prices-{i}-" for i in range(initial, total)))
    }
    for offset, (amount, currency, quantity) in enumerate(rows):
        index = initial + offset
        data[f"prices-{index}-price_0"] = [amount]
        data[f"prices-{index}-price_1"] = [currency]
        data[f"prices-{index}-min_quantity"] = [quantity]
    data["prices-TOTAL_FORMS"] = [str(initial + len(rows))]
    return data


@pytest.fixture
def valve(db):
    product = ProductFactory(sku="VLV-BALL-DN50")
    ProductPriceFactory(product=product, min_quantity=100, price=90)
    return product


def test_a_second_price_break_for_the_same_quantity_is_a_form_error(admin_client, valve):
    data = with_price_rows(change_form(admin_client, valve), [("85.00", "USD", "100")])

    response = admin_client.post(f"/admin/catalog/product/{valve.pk}/change/", data)

    assert response.status_code == 200
    assert SAME_BREAK in error_texts(response)
    assert list(valve.prices.values_list("min_quantity", flat=True)) == [100]


def test_the_same_quantity_in_another_currency_is_a_price_of_its_own(admin_client, valve):
    data = with_price_rows(change_form(admin_client, valve), [("80.00", "EUR", "100")])

    response = admin_client.post(f"/admin/catalog/product/{valve.pk}/change/", data)

    assert response.status_code == 302
    assert valve.prices.count() == 2


def test_two_new_price_rows_alike_are_a_form_error_and_nothing_is_saved(admin_client, valve):
    data = with_price_rows(
        change_form(admin_client, valve), [("70.00", "USD", "500"), ("65.00", "USD", "500")]
    )

    with translation.override("de"):
        response = admin_client.post(
            f"/admin/catalog/product/{valve.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="de"
        )

    assert response.status_code == 200
    assert "Zwei Zeilen stimmen in Währung und ab Menge überein: Behalten Sie nur eine davon." in (
        error_texts(response)
    )
    assert valve.prices.count() == 1


def test_a_new_product_with_two_breaks_alike_is_not_created(admin_client, valve):
    page = admin_client.get("/admin/catalog/product/add/").content.decode()
    data = form_data(page, "product_form")
    data.update(
        {
            "sku": ["PMP-NEW-1"],
            "name_en": ["New pump"],
            "slug_en": ["new-pump"],
            "category": [str(valve.category_id)],
            "price_0": ["100"],
            "price_1": ["USD"],
            "minimum_order_quantity": ["1"],
        }
    )
    data = with_price_rows(data, [("90.00", "USD", "10"), ("88.00", "USD", "10")])

    response = admin_client.post("/admin/catalog/product/add/", data)

    assert response.status_code == 200, error_texts(response)
    assert not Product.objects.filter(sku="PMP-NEW-1").exists()


def test_an_email_that_only_differs_in_capitals_is_taken(admin_client):
    UserFactory(email="anna@armaturen.de")
    other = UserFactory(email="ben@armaturen.de")
    data = change_form(admin_client, other)
    data["email"] = ["Anna@Armaturen.DE"]

    response = admin_client.post(f"/admin/accounts/user/{other.pk}/change/", data)

    assert response.status_code == 200
    assert error_texts(response) == [
        "A user with this email address already exists (capitals do not count)."
    ]
    assert User.objects.get(pk=other.pk).email == "ben@armaturen.de"


def test_an_external_id_under_a_condition_is_unique_in_the_members_language(admin_client):
    MemberFactory(external_id="ERP-1")
    member = MemberFactory(external_id="")
    data = change_form(admin_client, member)
    data["external_id"] = ["ERP-1"]

    response = admin_client.post(
        f"/admin/members/member/{member.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 200
    with translation.override("fr"):
        expected = translation.gettext("Another member already has this external id.")
    assert expected != "Another member already has this external id."
    assert expected in response.content.decode()
    assert Member.objects.get(pk=member.pk).external_id == ""


def test_a_check_constraint_says_what_is_allowed(admin_client):
    tier = Tier.objects.create(name_en="Gold", rank=2)
    data = change_form(admin_client, tier)
    data["discount_percent"] = ["95"]

    response = admin_client.post(f"/admin/tiers/tier/{tier.pk}/change/", data)

    assert "A member discount is at least 0 and below 90 percent." in error_texts(response)


@pytest.fixture
def saved_meanwhile():
    """Someone else saves the same row just before ours reaches the database."""
    made = []

    def save_theirs(sender, instance, **kwargs):
        if instance.pk is None and not made:
            made.append(instance)
            sender._default_manager.create(**kwargs_for(instance))

    def kwargs_for(instance):
        if isinstance(instance, Group):
            return {"name": instance.name}
        return {
            "product": instance.product,
            "price": instance.price,
            "min_quantity": instance.min_quantity,
        }

    for model in (Group, ProductPrice):
        pre_save.connect(save_theirs, sender=model, dispatch_uid=f"meanwhile-{model.__name__}")
    yield made
    for model in (Group, ProductPrice):
        pre_save.disconnect(sender=model, dispatch_uid=f"meanwhile-{model.__name__}")


def test_a_row_saved_in_the_meantime_is_a_form_error_not_a_server_error(
    admin_client, saved_meanwhile
):
    page = admin_client.get("/admin/auth/group/add/").content.decode()
    data = {**form_data(page, "group_form"), "name": ["Warehouse"]}

    response = admin_client.post("/admin/auth/group/add/", data)

    assert response.status_code == 200
    assert error_texts(response) == ["Group with this Name already exists."]
    assert saved_meanwhile  # the other save happened, and was rolled back with ours
    assert not Group.objects.filter(name="Warehouse").exists()


def test_an_inline_row_saved_in_the_meantime_is_an_error_on_its_rows(
    admin_client, valve, saved_meanwhile
):
    data = with_price_rows(change_form(admin_client, valve), [("70.00", "USD", "500")])

    response = admin_client.post(f"/admin/catalog/product/{valve.pk}/change/", data)

    assert response.status_code == 200
    assert error_texts(response) == [SAME_BREAK]
    (prices,) = [
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "prices"
    ]
    assert prices.formset.non_form_errors() == [SAME_BREAK]
    assert list(valve.prices.values_list("min_quantity", flat=True)) == [100]
