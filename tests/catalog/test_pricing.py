"""Prices per currency: explicit ladders, converted ladders, breaks, MOQ, member discounts."""

from decimal import Decimal

import pytest
from djmoney.money import Money
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.catalog.extensions import member_discount
from apps.catalog.pricing import PricingContext, price_ladder, pricing_context, unit_price
from apps.currencies.selectors import minor_unit_exponent
from tests.factories import ProductFactory, ProductPriceFactory

pytestmark = pytest.mark.django_db


def ladder_of(product, currency, discount=Decimal(0)):
    context = pricing_context(currency=currency)
    context = PricingContext(currency=currency, rate=context.rate, member_discount=discount)
    return [
        (rung.min_quantity, rung.max_quantity, rung.unit_price)
        for rung in price_ladder(product, context)
    ]


def test_base_currency_ladder_is_the_base_price_and_volume_breaks(exchange_rates):
    product = ProductFactory(price=Decimal("185.00"), minimum_order_quantity=10)
    ProductPriceFactory(product=product, min_quantity=100, price=Money("169.00", "USD"))
    ProductPriceFactory(product=product, min_quantity=500, price=Money("152.00", "USD"))

    assert ladder_of(product, "USD") == [
        (10, 99, Money("185.00", "USD")),
        (100, 499, Money("169.00", "USD")),
        (500, None, Money("152.00", "USD")),
    ]


def test_other_currencies_convert_each_break_and_round_to_the_minor_unit(exchange_rates):
    product = ProductFactory(price=Decimal("185.00"))
    ProductPriceFactory(product=product, min_quantity=100, price=Money("169.99", "USD"))

    # 1 USD = 151.20 JPY; yen has no minor unit: 185 * 151.2 = 27972, 169.99 * 151.2 = 25702.488
    assert ladder_of(product, "JPY") == [
        (1, 99, Money("27972", "JPY")),
        (100, None, Money("25702", "JPY")),
    ]
    assert ladder_of(product, "EUR")[1][2] == Money("156.39", "EUR")  # 169.99 * 0.92 = 156.3908


def test_explicit_prices_in_a_currency_replace_conversion_from_their_first_quantity(
    exchange_rates,
):
    product = ProductFactory(price=Decimal("100.00"))
    ProductPriceFactory(product=product, min_quantity=50, price=Money("80.00", "EUR"))
    ProductPriceFactory(product=product, min_quantity=200, price=Money("75.00", "EUR"))
    ProductPriceFactory(product=product, min_quantity=100, price=Money("90.00", "USD"))

    assert ladder_of(product, "EUR") == [
        (1, 49, Money("92.00", "EUR")),  # converted base price below the explicit ladder
        (50, 199, Money("80.00", "EUR")),
        (200, None, Money("75.00", "EUR")),
    ]


def test_quantities_below_the_minimum_order_use_the_rung_at_the_minimum(exchange_rates):
    product = ProductFactory(price=Decimal("10.00"), minimum_order_quantity=150)
    ProductPriceFactory(product=product, min_quantity=100, price=Money("9.00", "USD"))
    ProductPriceFactory(product=product, min_quantity=500, price=Money("8.00", "USD"))

    assert ladder_of(product, "USD") == [
        (150, 499, Money("9.00", "USD")),
        (500, None, Money("8.00", "USD")),
    ]
    context = pricing_context(currency="USD")
    assert unit_price(product, 1, context).unit_price == Money("9.00", "USD")


def test_a_currency_without_a_rate_cannot_be_priced_by_conversion(db):
    product = ProductFactory(price=Decimal("10.00"))

    assert pricing_context(currency="GBP").rate is None
    assert ladder_of(product, "GBP") == []
    assert unit_price(product, 5, pricing_context(currency="GBP")) is None


def test_member_discount_comes_from_the_registered_hook_and_the_best_one_wins(
    exchange_rates, member
):
    product = ProductFactory(price=Decimal("200.00"))
    hooks = [lambda m: Decimal("0.05"), lambda m: Decimal("0.08")]
    for hook in hooks:
        member_discount.register(hook)
    try:
        context = pricing_context(currency="USD", member=member)
        rung = unit_price(product, 1, context)
        anonymous = unit_price(product, 1, pricing_context(currency="USD"))
    finally:
        for hook in hooks:
            member_discount.unregister(hook)

    assert context.member_discount == Decimal("0.08")
    assert rung.list_price == Money("200.00", "USD")
    assert rung.unit_price == Money("184.00", "USD")
    assert anonymous.unit_price == Money("200.00", "USD")


@settings(max_examples=60, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2),
    currency=st.sampled_from(["EUR", "GBP", "CNY", "JPY", "AUD", "CAD"]),
    rate=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1000"), places=4),
)
def test_every_price_has_exactly_the_currency_minor_unit(amount, currency, rate):
    product = ProductFactory(price=amount, minimum_order_quantity=1)
    context = PricingContext(currency=currency, rate=rate)

    (rung,) = price_ladder(product, context)

    exponent = rung.unit_price.amount.as_tuple().exponent
    assert exponent == -minor_unit_exponent(currency)
    assert abs(rung.unit_price.amount - amount * rate) <= Decimal(1).scaleb(exponent) / 2
