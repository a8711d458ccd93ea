"""A buyer in Chromium: browse, switch currency, fill the cart, check out, pay, see the order;
a guest joining the programme at checkout on a phone in German, Arabic and Japanese.

German with euros through Stripe and Japanese with yen through PayPal, both against local fake
providers that the real SDKs talk to and that call our webhooks like the real ones.
"""

import pytest
from django.utils import translation

from apps.accounts.models import User
from apps.catalog.models import Product
from apps.ledger.selectors import balance
from apps.members.models import Member
from apps.orders.models import Order, OrderStatus
from tests.e2e.conftest import PHONE, accessibility_problems, fill_shipping, screenshot, too_wide

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalogue(db):
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(DEBUG=True):  # the local demo, with its published logins
        call_command("seed_demo")


def choose(page, selector, value):
    with page.expect_navigation():
        page.select_option(selector, value)


def add_to_cart(page, base, language, slug_text, quantity):
    page.goto(f"{base}/{language}/products/")
    page.get_by_role("link", name=slug_text).click()
    page.fill("#quantity", str(quantity))
    page.click(".add-to-cart button")
    page.wait_for_url(f"**/{language}/cart/")


def fill_checkout(page, *, email, country, city, postal_code, region="", payment):
    page.click("a.button[href$='/checkout/']")
    page.fill("#id_email", email)
    page.check("#id_join")
    page.fill("#id_password", "Export-Buyer-2026!")
    fill_shipping(
        page,
        company="Test Trading Co.",
        city=city,
        postal_code=postal_code,
        country=country,
        region=region,
        payment=payment,
    )
    page.fill("#id_po_number", "PO-2026-17")


def test_german_buyer_pays_in_euros_by_card(live_server, page_factory, demo_catalogue, fake_stripe):
    fake_stripe.webhook_url = f"{live_server.url}/payments/webhooks/stripe/"
    page = page_factory(locale="de-DE")
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/de/")
    choose(page, "#currency-select", "EUR")

    add_to_cart(page, live_server.url, "de", "Edelstahl-Kugelhahn DN50", 120)
    add_to_cart(page, live_server.url, "de", "Kreiselpumpe 7,5 kW", 2)
    assert page.get_by_test_id("cart-subtotal").inner_text() == "20.980,00\xa0€"
    screenshot(page, "checkout-de-cart")
    fill_checkout(
        page,
        email="einkauf@example.de",
        country="DE",
        city="Hamburg",
        postal_code="20457",
        payment="stripe",
    )
    screenshot(page, "checkout-de-form")
    page.click(".checkout-form button[type=submit]")

    page.wait_for_url(f"{fake_stripe.api_base}/pay/**")
    screenshot(page, "checkout-de-stripe")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url(f"{live_server.url}/de/orders/**")

    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    assert (order.currency, str(order.total_amount)) == ("EUR", "20980.00")
    assert order.member.user == User.objects.get(email="einkauf@example.de")
    assert order.member.preferred_language == "de"
    with translation.override(order.language):
        assert page.get_by_test_id("order-status").inner_text() == order.get_status_display()
    screenshot(page, "checkout-de-paid")


def test_japanese_buyer_pays_in_yen_with_paypal(
    live_server, page_factory, demo_catalogue, fake_paypal
):
    fake_paypal.webhook_url = f"{live_server.url}/payments/webhooks/paypal/"
    page = page_factory(locale="ja-JP")
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/ja/")
    choose(page, "#currency-select", "JPY")

    add_to_cart(page, live_server.url, "ja", "ステンレス製ボールバルブ DN50", 10)
    assert page.get_by_test_id("cart-subtotal").inner_text() == "￥279,720"
    fill_checkout(
        page,
        email="kobai@example.jp",
        country="JP",
        city="Osaka",
        postal_code="530-0001",
        region="Osaka",
        payment="paypal",
    )
    page.click(".checkout-form button[type=submit]")

    page.wait_for_url(f"{fake_paypal.endpoint}/approve/**")
    screenshot(page, "checkout-ja-paypal")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url(f"{live_server.url}/ja/orders/**")
    fake_paypal.wait_for_webhooks()

    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    assert (order.currency, str(order.total_amount)) == ("JPY", "279720.00")
    assert order.transitions.filter(to_status="paid").count() == 1
    with translation.override(order.language):
        assert page.get_by_test_id("order-status").inner_text() == order.get_status_display()
    screenshot(page, "checkout-ja-paid")


@pytest.mark.parametrize(
    ("language", "locale", "country", "city"),
    [
        ("de", "de-DE", "DE", "Hamburg"),
        ("ar", "ar-AE", "AE", "Dubai"),
        ("ja", "ja-JP", "JP", "Osaka"),
    ],
)
def test_a_guest_joins_the_programme_at_checkout_on_a_phone(
    live_server, page_factory, demo_catalogue, fake_stripe, language, locale, country, city
):
    fake_stripe.webhook_url = f"{live_server.url}/payments/webhooks/stripe/"
    page = page_factory(viewport=PHONE, locale=locale)
    with translation.override(language):
        page.goto(f"{live_server.url}{Product.objects.get(sku='VLV-BALL-DN50').get_absolute_url()}")
    page.fill("#quantity", "20")
    page.click(".add-to-cart button")
    page.wait_for_url(f"**/{language}/cart/")
    email = f"buyer-{language}@example.com"
    fill_checkout(
        page,
        email=email,
        country=country,
        city=city,
        postal_code="20457",
        region="Osaka" if country == "JP" else "",
        payment="stripe",
    )
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, too_wide(
        page
    )
    assert accessibility_problems(page) == []
    screenshot(page, f"checkout-join-{language}-phone")
    page.click(".checkout-form button[type=submit]")
    page.wait_for_url(f"{fake_stripe.api_base}/pay/**")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url(f"{live_server.url}/{language}/orders/**")

    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    member = Member.objects.get(user__email=email)
    assert (order.member, member.preferred_language) == (member, language)
    assert balance(member).pending > 0  # the order's points wait out the return window
    assert accessibility_problems(page) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    screenshot(page, f"checkout-join-{language}-paid-phone")
