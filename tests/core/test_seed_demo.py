import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.utils import translation

from apps.accounts.models import User
from apps.catalog.models import Category, Product
from apps.core.demo_data import MEMBERS, PRODUCTS
from apps.core.models import ExchangeRate
from apps.members.models import Member

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (User, Member, Category, Product, ExchangeRate, Authenticator)
    )


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")

    assert counts() == first == (len(MEMBERS) + 1, len(MEMBERS), 3, len(PRODUCTS), 6, 1)
    output = capsys.readouterr().out
    assert "admin@example.com" in output
    assert all(item["email"] in output for item in MEMBERS)


def test_demo_products_are_translated_in_every_language():
    call_command("seed_demo")
    product = Product.objects.get(sku="PMP-CENT-7K5")

    with translation.override("de"):
        assert product.name == "Kreiselpumpe 7,5 kW"
    with translation.override("ja"):
        assert product.name == "遠心ポンプ 7.5 kW"
        assert product.slug == "遠心ポンプ-75-kw"


def test_demo_members_can_sign_in(client):
    call_command("seed_demo")

    response = client.post(
        "/de/accounts/login/", {"login": "hans@example.de", "password": "demo-member-2026"}
    )

    assert response.status_code == 302
    assert Member.objects.get(user__email="hans@example.de").preferred_currency == "EUR"
