"""The rules of price lists, through the one resolver every path uses (catalog.pricing)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from djmoney.money import Money

from apps.catalog.pricing import price_ladder, pricing_context, unit_price
from apps.pricelists.errors import InvalidPriceList
from apps.pricelists.selectors import applicable_price_list
from apps.pricelists.services import assign_price_list, set_item_price
from tests.factories import MemberFactory, ProductFactory, ProductPriceFactory

from .builders import company_buyer, fixed_list, gold, percent_list

pytestmark = pytest.mark.django_db


def ladder(product, member, currency="USD"):
    context = pricing_context(currency=currency, member=member)
    return [
        (rung.min_quantity, rung.unit_price, rung.label) for rung in price_ladder(product, context)
    ]


def test_a_company_buyer_pays_the_lists_fixed_prices_with_its_volume_breaks(importer, valve):
    _company, buyer, _list = importer

    assert ladder(valve, buyer) == [
        (1, Money("80.00", "USD"), "Your company price"),
        (10, Money("70.00", "USD"), "Your company price"),
    ]
    context = pricing_context(currency="USD", member=buyer)
    assert unit_price(valve, 9, context).unit_price == Money("80.00", "USD")
    assert unit_price(valve, 10, context).unit_price == Money("70.00", "USD")
    assert unit_price(valve, 10, context).list_price == Money("100.00", "USD")


def test_a_plain_member_and_another_companys_buyer_pay_the_catalogue_price(importer, valve):
    _other, stranger = company_buyer("Other Ltd")

    assert ladder(valve, MemberFactory()) == [(1, Money("100.00", "USD"), "")]
    assert ladder(valve, stranger) == [(1, Money("100.00", "USD"), "")]


def test_products_the_list_does_not_price_keep_the_catalogue_price(importer):
    _company, buyer, _list = importer
    pump = ProductFactory(price=Decimal("640.00"))

    assert ladder(pump, buyer) == [(1, Money("640.00", "USD"), "")]


def test_a_percent_list_takes_its_percent_off_every_catalogue_rung(valve):
    company, buyer = company_buyer()
    assign_price_list(price_list=percent_list("12.5"), company=company)
    ProductPriceFactory(product=valve, min_quantity=50, price=Money("90.00", "USD"))

    assert ladder(valve, buyer) == [
        (1, Money("87.50", "USD"), "Your company price"),
        (50, Money("78.75", "USD"), "Your company price"),
    ]


@pytest.mark.parametrize(
    ("starts", "ends", "active", "applies"),
    [
        (None, None, True, True),
        (-1, 1, True, True),
        (1, None, True, False),  # not yet valid
        (None, -1, True, False),  # expired
        (None, None, False, False),  # switched off
    ],
)
def test_a_list_applies_only_inside_its_validity_window_while_active(
    valve, starts, ends, active, applies
):
    now = timezone.now()
    company, buyer = company_buyer()
    price_list = fixed_list(
        valid_from=now + timedelta(days=starts) if starts is not None else None,
        valid_until=now + timedelta(days=ends) if ends is not None else None,
        is_active=active,
    )
    assign_price_list(price_list=price_list, company=company)
    set_item_price(price_list=price_list, product=valve, price=Decimal("80.00"))

    expected = Money("80.00" if applies else "100.00", "USD")
    assert ladder(valve, buyer)[0][1] == expected


def test_a_window_that_ends_before_it_starts_is_refused(db):
    now = timezone.now()
    with pytest.raises(InvalidPriceList):
        fixed_list(valid_from=now, valid_until=now - timedelta(hours=1))


def test_the_lowest_of_list_and_tier_price_wins_and_says_which_it_is(importer, valve):
    _company, buyer, _list = importer
    gold(buyer, percent="25")  # 75.00: beats the list's 80.00, not its 70.00 from 10

    assert ladder(valve, buyer) == [
        (1, Money("75.00", "USD"), "Gold price"),
        (10, Money("70.00", "USD"), "Your company price"),
    ]


def test_a_list_price_above_the_catalogue_price_never_applies(valve):
    company, buyer = company_buyer()
    price_list = fixed_list()
    assign_price_list(price_list=price_list, company=company)
    set_item_price(price_list=price_list, product=valve, price=Decimal("120.00"))

    assert ladder(valve, buyer) == [(1, Money("100.00", "USD"), "")]


def test_a_list_in_another_currency_is_converted_at_the_merchants_rate(valve):
    company, buyer = company_buyer()
    price_list = fixed_list(currency="EUR")
    assign_price_list(price_list=price_list, company=company)
    set_item_price(price_list=price_list, product=valve, price=Decimal("69.00"))

    assert ladder(valve, buyer, "EUR")[0][1] == Money("69.00", "EUR")  # catalogue: 92.00
    assert ladder(valve, buyer, "USD")[0][1] == Money("75.00", "USD")  # 69 / 0.92
    assert ladder(valve, buyer, "JPY")[0][1] == Money("11340", "JPY")  # 75 USD * 151.20


def test_company_assignment_beats_customer_type_and_country_then_priority_decides(valve):
    company, buyer = company_buyer(country="DE", customer_type="distributor")
    by_country = fixed_list("Germany", priority=9)
    assign_price_list(price_list=by_country, country="DE")
    by_type_and_country = fixed_list("German distributors")
    assign_price_list(price_list=by_type_and_country, customer_type="distributor", country="DE")
    assert applicable_price_list(buyer, currency="USD") == by_type_and_country

    low, high = fixed_list("Company low", priority=1), fixed_list("Company high", priority=2)
    for price_list in (low, high):
        assign_price_list(price_list=price_list, company=company)
    assert applicable_price_list(buyer, currency="USD") == high


def test_at_equal_priority_a_list_in_the_shoppers_currency_wins(valve):
    company, buyer = company_buyer()
    in_dollars, in_euros = fixed_list("USD list"), fixed_list("EUR list", currency="EUR")
    for price_list in (in_dollars, in_euros):
        assign_price_list(price_list=price_list, company=company)

    assert applicable_price_list(buyer, currency="EUR") == in_euros
    assert applicable_price_list(buyer, currency="USD") == in_dollars
    assert applicable_price_list(buyer, currency="GBP") == in_dollars  # then the oldest


def test_a_member_without_a_company_gets_the_list_of_their_customer_type_and_country(valve):
    price_list = percent_list("10", name="Brazil")
    assign_price_list(price_list=price_list, country="BR")
    brazilian, german = MemberFactory(country="BR"), MemberFactory(country="DE")

    assert ladder(valve, brazilian) == [(1, Money("90.00", "USD"), "Your price (Brazil)")]
    assert ladder(valve, german) == [(1, Money("100.00", "USD"), "")]


def test_a_company_buyer_is_matched_by_the_companys_country_not_their_own(valve):
    _company, buyer = company_buyer(country="FR")  # the buyer's own profile says DE
    assign_price_list(price_list=percent_list("10"), country="DE")

    assert applicable_price_list(buyer, currency="USD") is None


def test_an_assignment_needs_a_company_or_a_customer_type_or_country(db):
    price_list = fixed_list()
    with pytest.raises(InvalidPriceList):
        assign_price_list(price_list=price_list)
    company, _buyer = company_buyer()
    with pytest.raises(InvalidPriceList):
        assign_price_list(price_list=price_list, company=company, country="DE")
