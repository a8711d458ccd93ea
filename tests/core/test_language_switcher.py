"""The language switcher lands on the same page in the chosen language, from any page."""

import pytest

from apps.members.models import Member
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def switch(client, *, language, next_url):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_a_page_in_another_language_than_the_cookie_switches(client):
    client.cookies["django_language"] = "fr"

    response = switch(client, language="en", next_url="/de/products/")

    assert response.status_code == 302
    assert response["Location"] == "/en/products/"
    assert response.cookies["django_language"].value == "en"


def test_the_query_string_is_kept(client):
    client.cookies["django_language"] = "ja"

    response = switch(client, language="ru", next_url="/de/search/?q=Pumpen&sort=name")

    assert response["Location"] == "/ru/search/?q=Pumpen&sort=name"


def test_a_product_page_ends_at_the_product_s_address_in_the_new_language(client):
    ProductFactory(name_en="Ball valve", slug_en="ball-valve", slug_de="kugelhahn")
    client.cookies["django_language"] = "es"

    response = switch(client, language="en", next_url="/de/products/kugelhahn/")
    page = client.get(response["Location"], follow=True)

    assert page.redirect_chain[-1][0] == "/en/products/ball-valve/"
    assert page.status_code == 200


def test_a_member_s_choice_is_remembered_on_the_profile(client, member):
    client.force_login(member.user)
    client.cookies["django_language"] = "de"

    response = switch(client, language="ar", next_url="/de/member/?tab=points")

    assert response["Location"] == "/ar/member/?tab=points"
    assert Member.objects.get(pk=member.pk).preferred_language == "ar"


def test_an_address_that_is_no_page_keeps_its_path(client):
    client.cookies["django_language"] = "fr"

    response = switch(client, language="en", next_url="/de/no-such-page/?x=1")

    assert response["Location"] == "/en/no-such-page/?x=1"


def test_unknown_languages_and_foreign_addresses_are_refused(client):
    unknown = switch(client, language="xx", next_url="/de/products/")
    foreign = switch(client, language="en", next_url="https://evil.example/de/")

    assert unknown["Location"] == "/de/products/"
    assert "django_language" not in unknown.cookies
    assert foreign["Location"] == "/"
