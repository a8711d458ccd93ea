"""A visitor who has not chosen a currency sees their country's or language's; a choice, once
made, is kept (session and member profile) and never overridden."""

from decimal import Decimal

import pytest

from apps.members.models import Member
from tests.factories import MemberFactory, ProductFactory
from tests.text import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def valve(exchange_rates):
    return ProductFactory(name_en="Ball valve", slug_en="ball-valve", price=Decimal("100.00"))


def price_on(client, path: str, **headers) -> str:
    return page_text(client.get(path, **headers))


def test_a_german_visitor_sees_euros(client, valve):
    page = price_on(client, "/de/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")

    assert "92,00 €" in page  # 100 USD at 0.92
    assert "100,00 $" not in page


def test_the_language_decides_when_the_browser_names_no_country(client, valve):
    assert "￥15,120" in price_on(client, "/ja/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="ja")
    assert "$100.00" in price_on(client, "/en/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="en")


def test_the_country_decides_before_the_language(client, valve):
    british = price_on(client, "/en/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="en-GB")
    swiss_german = price_on(client, "/de/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="de-CH")

    assert "£79.00" in british
    assert "92,00 €" in swiss_german  # no Swiss francs offered: the language's currency


def test_a_proxy_s_country_header_is_used_when_configured(client, valve, settings):
    settings.VISITOR_COUNTRY_HEADER = "CF-IPCountry"

    page = price_on(
        client, "/en/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="en", HTTP_CF_IPCOUNTRY="AU"
    )

    assert "A$152.00" in page


def test_the_mapping_is_configurable(client, valve, settings):
    settings.CURRENCY_BY_LANGUAGE = {"de": "CAD"}
    settings.CURRENCY_BY_COUNTRY = {}

    assert "137,00 CA$" in price_on(client, "/de/products/ball-valve/")


def test_an_explicit_choice_is_never_overridden(client, valve):
    client.post("/currency/", {"currency": "USD", "next": "/de/"})

    page = price_on(client, "/de/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="de-DE")

    assert "100,00 $" in page


def test_a_member_s_currency_is_kept_whatever_the_page_language(client, valve):
    member = MemberFactory(preferred_currency="USD")
    client.force_login(member.user)

    assert "100,00 $" in price_on(client, "/de/products/ball-valve/", HTTP_ACCEPT_LANGUAGE="de")


def test_signing_up_from_a_german_page_remembers_euros(client, valve):
    client.get("/de/", HTTP_ACCEPT_LANGUAGE="de-DE")

    client.post(
        "/de/accounts/signup/",
        {
            "email": "neu@example.de",
            "password1": "Valve-Pump-2026!",
            "password2": "Valve-Pump-2026!",
        },
        HTTP_ACCEPT_LANGUAGE="de-DE",
    )

    assert Member.objects.get(user__email="neu@example.de").preferred_currency == "EUR"
