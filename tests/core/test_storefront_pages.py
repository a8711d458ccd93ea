"""Home page, language and currency switchers."""

import pytest
from djmoney.money import Money

from apps.members.models import Member
from tests.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def test_first_visit_is_sent_to_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == "/ja/"


def test_unsupported_browser_language_falls_back_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sw")

    assert response["Location"] == "/en/"


def test_arabic_page_is_right_to_left_and_others_left_to_right(client):
    arabic = client.get("/ar/").content.decode()
    german = client.get("/de/").content.decode()

    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<html lang="de" dir="ltr">' in german


def test_language_switcher_keeps_the_page_in_the_new_language(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/"


def test_currency_switcher_reprices_the_page(client, exchange_rates):
    ProductFactory(name_en="Ball valve", price=Money("185.00", "USD"))

    before = client.get("/en/").content.decode()
    response = client.post("/currency/", {"currency": "EUR", "next": "/en/"})
    after = client.get("/en/").content.decode()

    assert response["Location"] == "/en/"
    assert "$185.00" in before
    assert "€170.20" in after
    assert 'value="EUR" selected' in after


def test_currency_switcher_ignores_unknown_currencies_and_foreign_redirects(client):
    response = client.post("/currency/", {"currency": "XYZ", "next": "https://evil.example/"})

    assert response["Location"] == "/"
    assert "currency" not in client.session


def test_a_member_s_currency_choice_is_remembered_on_the_profile(client, member):
    client.force_login(member.user)

    client.post("/currency/", {"currency": "JPY", "next": "/ja/"})

    assert Member.objects.get(pk=member.pk).preferred_currency == "JPY"


def test_a_member_sees_prices_in_the_preferred_currency_after_signing_in(
    client, member, exchange_rates
):
    ProductFactory(price=Money("100", "USD"))
    member.preferred_currency = "JPY"
    member.save(update_fields=["preferred_currency"])
    client.force_login(member.user)

    page = client.get("/en/").content.decode()

    assert "¥15,120" in page


def test_a_product_without_a_rate_for_the_currency_shows_price_on_request(client):
    ProductFactory(price=Money("100", "USD"))
    client.post("/currency/", {"currency": "GBP", "next": "/en/"})

    page = client.get("/en/").content.decode()

    assert "Price on request" in page


def test_home_page_queries_do_not_grow_with_products(
    client, exchange_rates, django_assert_max_num_queries
):
    ProductFactory.create_batch(3)
    client.get("/en/")  # warm the rate cache
    with django_assert_max_num_queries(4) as few:
        client.get("/en/")
    ProductFactory.create_batch(30)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/")
