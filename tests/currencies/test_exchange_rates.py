from decimal import Decimal

import pytest
from djmoney.money import Money

from apps.currencies.errors import MissingExchangeRate, UnsupportedCurrency
from apps.currencies.models import ExchangeRate
from apps.currencies.selectors import convert, minor_unit_exponent
from apps.currencies.services import InvalidExchangeRate, set_exchange_rate

pytestmark = pytest.mark.django_db


def test_conversion_uses_the_merchant_rate_and_rounds_to_the_minor_unit(exchange_rates):
    assert convert(Money("185.00", "USD"), "EUR") == Money("170.20", "EUR")
    assert convert(Money("185.00", "USD"), "JPY") == Money("27972", "JPY")
    assert minor_unit_exponent("JPY") == 0


def test_conversion_between_two_foreign_currencies_goes_through_the_base(exchange_rates):
    # 100 EUR = 100 / 0.92 USD = 108.6957 USD = 85.87 GBP
    assert convert(Money("100", "EUR"), "GBP") == Money("85.87", "GBP")


def test_a_changed_rate_applies_at_once_despite_the_rate_cache(
    exchange_rates, django_capture_on_commit_callbacks
):
    assert convert(Money("100", "USD"), "EUR") == Money("92.00", "EUR")

    with django_capture_on_commit_callbacks(execute=True):
        set_exchange_rate(currency="EUR", value=Decimal("0.95"))

    assert convert(Money("100", "USD"), "EUR") == Money("95.00", "EUR")


def test_missing_rate_and_unknown_currency_are_domain_errors():
    with pytest.raises(MissingExchangeRate):
        convert(Money("1", "USD"), "EUR")
    with pytest.raises(UnsupportedCurrency):
        convert(Money("1", "USD"), "CHF")


@pytest.mark.parametrize("value", [Decimal("0"), Decimal("-1.5")])
def test_a_rate_must_be_positive(value):
    with pytest.raises(InvalidExchangeRate):
        set_exchange_rate(currency="EUR", value=value)

    assert not ExchangeRate.objects.exists()


def test_merchant_edits_a_rate_in_the_admin(admin_client, exchange_rates):
    rate = ExchangeRate.objects.get(currency="EUR")

    response = admin_client.post(
        f"/admin/currencies/exchangerate/{rate.pk}/change/", {"value": "0.9100"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    rate.refresh_from_db()
    assert rate.value == Decimal("0.9100")


def test_merchant_adds_a_rate_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/currencies/exchangerate/add/", {"currency": "CAD", "value": "1.3700"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert ExchangeRate.objects.get(currency="CAD").value == Decimal("1.37")


def test_admin_refuses_a_zero_rate_with_a_message(admin_client):
    response = admin_client.post(
        "/admin/currencies/exchangerate/add/", {"currency": "CAD", "value": "0"}
    )

    assert response.status_code == 200
    assert "greater than zero" in response.content.decode()
    assert not ExchangeRate.objects.exists()
