"""A Platinum member's free express shipping in Chromium, in German and Arabic (Japanese too
on the phone), on a desktop and a 390 px phone: the summary shows the freight and the tier's
benefit as its own line as soon as express is chosen, the summary comes before "Place order"
on the phone, axe-core finds nothing serious, and the order (and the card payment) carry
exactly the total shown. Without JavaScript, "Update totals" re-posts the form and shows the
new summary without ordering."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from apps.catalog.models import Product
from apps.members.models import Member
from apps.orders.models import Order, OrderStatus, ShippingMethod
from apps.payments.models import Payment
from apps.tiers.models import Tier, TierStatus
from tests.conftest import wait_until
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    fill_shipping,
    screenshot,
    too_wide,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "hans@example.de"
EXPRESS = "Express air courier"
CASES = [
    ("de", "de-DE", DESKTOP, "stripe"),
    ("de", "de-DE", PHONE, "bank_transfer"),
    ("ar", "ar-AE", DESKTOP, "bank_transfer"),
    ("ar", "ar-AE", PHONE, "stripe"),
    ("ja", "ja-JP", PHONE, "bank_transfer"),
]


@pytest.fixture
def platinum_hans(db):
    call_command("seed_demo", verbosity=0)
    member = Member.objects.get(user__email=EMAIL)
    TierStatus.objects.create(member=member, tier=Tier.objects.get(rank=3), since=timezone.now())
    return member


def signed_in(browser, live_server, member, *, viewport, locale, javascript=True):
    """A browser context carrying the member's session (signed in through Django's client)."""
    client = Client()
    client.force_login(member.user)
    context = browser.new_context(viewport=viewport, locale=locale, java_script_enabled=javascript)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    assert client.session[SESSION_KEY] == str(member.user.pk)
    return context


def add_valves(page, base, language, quantity=100):
    with translation.override(language):
        url = Product.objects.get(sku="VLV-BALL-DN50").get_absolute_url()
    page.goto(f"{base}{url}")
    page.fill("#quantity", str(quantity))
    page.click(".add-to-cart button")
    page.wait_for_url(f"**/{language}/cart/")


def row(page, kind: str) -> str:
    return page.locator(f"#order-summary-body [data-row='{kind}']").inner_text()


@pytest.mark.parametrize(
    ("language", "locale", "viewport", "payment"),
    CASES,
    ids=[f"{c[0]}-{'phone' if c[2] == PHONE else 'desktop'}" for c in CASES],
)
def test_a_platinum_member_sees_and_pays_no_express_freight(
    live_server, browser, platinum_hans, fake_stripe, language, locale, viewport, payment
):
    base = live_server.url
    fake_stripe.webhook_url = f"{base}/payments/webhooks/stripe/"
    width = "phone" if viewport == PHONE else "desktop"
    context = signed_in(browser, live_server, platinum_hans, viewport=viewport, locale=locale)
    page = context.new_page()
    add_valves(page, base, language)
    page.goto(f"{base}/{language}/checkout/")
    fill_shipping(
        page,
        company="Müller Armaturen GmbH",
        city="Hamburg",
        postal_code="20457",
        country="DE",
        payment=payment,
    )
    express = ShippingMethod.objects.get(name_en=EXPRESS)

    page.select_option("#id_shipping_method", str(express.pk))
    page.wait_for_selector("#order-summary-body [data-row='shipping_benefit']")

    with translation.override(language):
        tier = Tier.objects.get(rank=3).name
    summary = page.locator("#order-summary-body").inner_text()
    assert tier in summary  # "Platin: kostenloser Versand" / "بلاتيني: شحن مجاني"
    freight, benefit = row(page, "shipping"), row(page, "shipping_benefit")
    assert re.sub(r"\D", "", freight) == re.sub(r"\D", "", benefit) == "23000"  # 250 USD in EUR
    assert "-" in benefit  # the locale's minus sign (Arabic: with its right-to-left mark)
    shown = page.locator("input[name='expected_total']").input_value()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"checkout is {overflow}px too wide: {too_wide(page)}"
    summary_box = page.locator(".order-summary").bounding_box()
    total_box = page.locator("#order-summary-body [data-row='total']").bounding_box()
    button_box = page.locator("button.place-order").bounding_box()
    assert total_box["y"] < button_box["y"]  # "Place order" right after the total
    if viewport == PHONE:  # stacked: the summary after the fields, before the button
        fields_box = page.locator(".checkout-fields").bounding_box()
        assert fields_box["y"] < summary_box["y"] < button_box["y"]
    else:  # side by side
        assert summary_box["x"] != page.locator(".checkout-fields").bounding_box()["x"]
    screenshot(page, f"tier-shipping-{language}-{width}-summary")
    assert accessibility_problems(page) == []

    page.click("button.place-order")
    if payment == "stripe":
        page.wait_for_url(f"{fake_stripe.api_base}/pay/**")
    else:
        page.wait_for_url(f"{base}/{language}/orders/**")

    order = Order.objects.get()
    amount, currency = shown.split()
    assert (order.total_amount, order.currency) == (Decimal(amount), currency)
    assert (order.shipping_amount, order.shipping_discount_amount) == (0, Decimal("230.00"))
    if payment == "stripe":
        assert Payment.objects.get(order=order).amount == order.total_amount
        page.get_by_role("button", name="Pay").click()
        page.wait_for_url(f"{base}/{language}/orders/**")
        wait_until(lambda: Order.objects.filter(pk=order.pk, status=OrderStatus.PAID).exists())
        page.goto(f"{base}/{language}/orders/{order.access_token}/")
    assert re.sub(r"\D", "", page.get_by_test_id("order-total").inner_text()) == re.sub(
        r"\D", "", amount
    )
    assert row_text(page, "shipping_benefit") == benefit
    screenshot(page, f"tier-shipping-{language}-{width}-order")
    assert accessibility_problems(page) == []
    context.close()


def row_text(page, kind: str) -> str:
    return page.locator(f"[data-row='{kind}']").inner_text()


def test_without_javascript_update_totals_shows_the_new_summary_and_orders_nothing(
    live_server, browser, platinum_hans
):
    base = live_server.url
    context = signed_in(
        browser, live_server, platinum_hans, viewport=PHONE, locale="de-DE", javascript=False
    )
    page = context.new_page()
    add_valves(page, base, "de")
    page.goto(f"{base}/de/checkout/")
    before = page.locator("#order-summary-body").inner_text()
    page.fill("#id_ship_to_city", "Hamburg")
    express = ShippingMethod.objects.get(name_en=EXPRESS)

    page.select_option("#id_shipping_method", str(express.pk))
    assert page.locator("[data-row='shipping_benefit']").count() == 0  # nothing without a post
    page.click("input[name='update_totals']")
    page.wait_for_load_state()

    assert page.locator("[data-row='shipping_benefit']").count() == 1
    assert page.locator("#order-summary-body").inner_text() != before
    assert page.locator("#id_ship_to_city").input_value() == "Hamburg"  # kept
    assert page.locator(".field-error").count() == 0  # a half-filled form is not an error yet
    assert not Order.objects.exists()
    screenshot(page, "tier-shipping-de-phone-nojs-updated")
    context.close()
