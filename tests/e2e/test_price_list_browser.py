"""A company buyer's own prices in Chromium, in Arabic (right to left) on a 390 px phone and in
German on a desktop: the product page's price table says "Your company price" under each rung
of the company's list, the cart applies the list's volume break, nothing scrolls sideways."""

from decimal import Decimal

import pytest
from django.utils import translation

from apps.catalog.models import Product
from apps.companies.services import add_member, create_company
from apps.members.models import Member
from apps.pricelists.services import assign_price_list, create_price_list, set_item_price
from tests.conftest import seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import add_valves, signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPANY_PRICE = {"ar": "سعر شركتك", "de": "Ihr Firmenpreis"}


@pytest.fixture
def fatima(db):
    """The demo's Fatima, buyer of a company whose list prices the DN50 valve, 10 % off from 50."""
    seed_demo()
    fatima = Member.objects.get(user__email="fatima@example.ae")
    company = create_company(legal_name="Gulf Trading LLC", country="AE")
    add_member(company=company, member=fatima)
    price_list = create_price_list(name="Gulf Trading", currency="USD")
    assign_price_list(price_list=price_list, company=company)
    valve = Product.objects.get(sku="VLV-BALL-DN50")
    list_price = (valve.price.amount * Decimal("0.85")).quantize(Decimal("0.01"))
    set_item_price(price_list=price_list, product=valve, price=list_price)
    set_item_price(
        price_list=price_list,
        product=valve,
        price=(list_price * Decimal("0.9")).quantize(Decimal("0.01")),
        min_quantity=valve.minimum_order_quantity + 50,
    )
    return fatima


@pytest.mark.parametrize(
    ("viewport", "language"), [(PHONE, "ar"), (DESKTOP, "de")], ids=["phone-ar", "desktop-de"]
)
def test_a_company_buyer_sees_and_pays_the_company_price(
    live_server, browser, fatima, viewport, language
):
    context = signed_in(browser, live_server, fatima, viewport=viewport, locale=language)
    page = context.new_page()
    with translation.override(language):
        url = Product.objects.get(sku="VLV-BALL-DN50").get_absolute_url()

    page.goto(f"{live_server.url}{url}")
    sources = page.get_by_test_id("price-source").all_inner_texts()
    assert sources and all(text == COMPANY_PRICE[language] for text in sources), sources
    fits(page, f"price-list-product-{language}-{viewport['width']}")

    add_valves(page, live_server.url, language, quantity=100)
    page.goto(f"{live_server.url}/{language}/cart/")
    assert page.get_by_test_id("price-source").inner_text() == COMPANY_PRICE[language]
    fits(page, f"price-list-cart-{language}-{viewport['width']}")
    context.close()


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)
