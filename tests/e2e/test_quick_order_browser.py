"""Ordering like a B2B buyer in Chromium, in English and Arabic (right to left), on a 390 px
phone and a desktop: quick order with SKU suggestions and per-row errors, the cart saved as a
list and the list ordered again, and a past order re-ordered with a note of what changed.
Every page fits the screen, axe-core finds nothing serious, and each step is photographed."""

from decimal import Decimal

import pytest

from apps.checkout.models import CartLine, RequisitionList
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory, ProductFactory, make_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)


@pytest.fixture
def catalogue(exchange_rates):
    return {
        "valve": ProductFactory(
            sku="VALVE-DN50",
            name_en="Ball valve DN50",
            name_ar="صمام كروي DN50",
            minimum_order_quantity=10,
            price=Decimal("42.00"),
        ),
        "gasket": ProductFactory(
            sku="GASKET-12",
            name_en="Flange gasket",
            name_ar="حشية شفة",
            pack_size=12,
            price=Decimal("1.50"),
        ),
    }


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_quick_order_lists_and_reorder(live_server, browser, catalogue, language, viewport):
    base = f"{live_server.url}/{language}"
    width = "phone" if viewport == PHONE else "desktop"
    member = MemberFactory()
    context = signed_in(browser, live_server, member, viewport=viewport, locale=language)
    page = context.new_page()

    # Quick order: suggestions as typed, one good row, two rows refused beside themselves.
    page.goto(f"{base}/quick-order/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.fill("#sku-1", "VALV")
    page.locator("#sku-suggestions option").first.wait_for(state="attached", timeout=5000)
    assert page.locator("#sku-suggestions option").first.get_attribute("value") == "VALVE-DN50"
    page.fill("#sku-1", "VALVE-DN50")
    page.fill("#quantity-1", "5")
    page.fill("#sku-2", "gasket-12")
    page.fill("#quantity-2", "24")
    page.fill("#sku-3", "NOPE-404")
    page.fill("#quantity-3", "1")
    page.click("[data-add-row]")
    assert page.locator("[data-row]").count() == 6
    assert page.evaluate("document.activeElement.id") == "sku-6"
    fits(page, f"quick-order-{language}-{width}")
    page.get_by_test_id("quick-order-submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("row-error").count() == 2
    assert page.locator("#sku-1").get_attribute("aria-invalid") == "true"
    fits(page, f"quick-order-{language}-{width}-errors")
    assert dict(CartLine.objects.values_list("product__sku", "quantity")) == {"GASKET-12": 24}

    # The cart saved as a list, the list ordered into the cart again.
    page.goto(f"{base}/cart/")
    page.fill("#list-name", "Monthly")
    page.click(".save-cart-as-list button")
    page.wait_for_url(f"{base}/member/lists/*/")
    fits(page, f"saved-list-{language}-{width}")
    page.get_by_test_id("order-list").click()
    page.wait_for_url(f"{base}/cart/")
    assert CartLine.objects.get().quantity == 48
    assert RequisitionList.objects.get(owner_member=member).name == "Monthly"
    page.goto(f"{base}/member/lists/")
    fits(page, f"saved-lists-{language}-{width}")

    # Saving from the product page asks which list.
    page.goto(f"{base}/member/lists/save/?product={catalogue['valve'].pk}&quantity=10")
    fits(page, f"save-to-list-{language}-{width}")

    # Re-order a past order: the valve costs more now and its minimum rose.
    order = make_order(member=member, lines=((Decimal("40.00"), 4),))
    old = order.lines.get().product
    old.price, old.minimum_order_quantity, old.name_ar = Decimal("45.00"), 5, "مضخة"
    old.save()
    page.goto(f"{live_server.url}/{language}/orders/{order.access_token}/")
    fits(page, f"order-{language}-{width}")
    page.get_by_test_id("reorder").click()
    page.wait_for_url(f"{base}/cart/")
    assert page.locator(".message-warning").count() == 2
    fits(page, f"reorder-{language}-{width}")
    context.close()
