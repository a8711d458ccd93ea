"""The address book in Chromium, in Arabic (right to left) on a 390 px phone and a desktop:
add an address in the member center, then check out with it chosen for you."""

import pytest
from django.core.management import call_command

from apps.members.models import Address, Member
from apps.orders.models import Order
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import add_valves, signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fatima(db):
    call_command("seed_demo", verbosity=0)
    return Member.objects.get(user__email="fatima@example.ae")


def fits(page, name: str) -> None:
    """No sideways scrolling, nothing serious for axe-core, a screenshot."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_member_keeps_an_address_and_checkout_offers_it(live_server, browser, fatima, viewport):
    base = live_server.url
    width = "phone" if viewport == PHONE else "desktop"
    context = signed_in(browser, live_server, fatima, viewport=viewport, locale="ar-AE")
    page = context.new_page()

    page.goto(f"{base}/ar/member/addresses/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    fits(page, f"addresses-ar-{width}-empty")
    page.click("a.button[href$='/member/addresses/new/']")
    page.fill("#id_label", "مستودع جبل علي")
    page.fill("#id_name", "فاطمة الزهراء")
    page.fill("#id_company", "Gulf Water Solutions LLC")
    page.fill("#id_line1", "Jebel Ali Free Zone, Plot S10412")
    page.fill("#id_city", "Dubai")
    page.select_option("#id_country", "AE")
    page.fill("#id_phone", "+971 4 881 2345")
    page.fill("#id_vat_id", "100234567800003")
    fits(page, f"addresses-ar-{width}-form")
    page.click(".address-form button[type=submit]")
    page.wait_for_url("**/ar/member/addresses/")

    address = Address.objects.get(member=fatima)
    assert (address.is_default_shipping, address.is_default_billing) == (True, True)
    assert page.get_by_test_id("default-shipping").count() == 1
    fits(page, f"addresses-ar-{width}-book")

    add_valves(page, base, "ar")
    page.goto(f"{base}/ar/checkout/")
    chosen = page.locator(f"input[name='ship_to_saved'][value='{address.pk}']")
    assert chosen.is_checked()
    assert page.locator("[data-new-address]").is_hidden()  # a saved address is chosen
    page.check("input[name='ship_to_saved'][value='new']")
    assert page.locator("[data-new-address]").is_visible()
    chosen.check()
    page.select_option("#id_incoterm", "CIF")
    page.check("input[name='payment_method'][value='bank_transfer']")
    fits(page, f"checkout-ar-{width}-saved-address")
    page.click("button.place-order")
    page.wait_for_url(f"{base}/ar/orders/**")

    order = Order.objects.get()
    assert (order.ship_to_line1, order.ship_to_city, order.ship_to_country) == (
        "Jebel Ali Free Zone, Plot S10412",
        "Dubai",
        "AE",
    )
    context.close()
