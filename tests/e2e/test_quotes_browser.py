"""The request-for-quotation journey of #21 in Chromium: a buyer requests a quote in Japanese
(desktop), staff answer it in the admin, the buyer accepts it on a 390 px phone and the order
exists; the quote page in Arabic. Screenshots: quotes-*."""

import pytest
from django.test import Client

from apps.members.models import Address
from apps.quotes.models import Quote, QuoteStatus
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory, ProductFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)


def test_a_buyer_requests_staff_answer_the_buyer_accepts(
    live_server, browser, admin_user, exchange_rates
):
    base = live_server.url
    product = ProductFactory(name_en="Ball valve DN50", name_ja="ボールバルブ DN50")
    member = MemberFactory(country="JP", preferred_language="ja")
    Address.objects.create(
        member=member,
        name="佐藤 健二",
        line1="みなとみらい 1-2-3",
        city="横浜",
        country="JP",
        is_default_shipping=True,
    )

    # The buyer asks for 5,000 valves from the product page's link, in Japanese.
    buyer = signed_in(browser, live_server, member, viewport=DESKTOP, locale="ja-JP").new_page()
    buyer.goto(f"{base}/ja/member/quotes/new/?product={product.pk}")
    buyer.fill("#id_lines-0-quantity", "5000")
    buyer.fill("#id_lines-0-target_unit_price", "70")
    buyer.click("[data-add-quote-line]")
    buyer.fill("#id_lines-1-description", "図面 A-12 のフランジ")
    buyer.fill("#id_lines-1-quantity", "200")
    buyer.select_option("#id_incoterm", "CIF")
    buyer.fill("#id_destination_port", "Yokohama")
    fits(buyer, "quotes-request-ja-desktop")
    buyer.click("[data-testid=quote-request-form] button[type=submit]")
    quote = Quote.objects.get()
    buyer.wait_for_url(f"**/ja/member/quotes/{quote.number}/")
    assert quote.language == "ja" and quote.lines.count() == 2

    # Staff answer in the admin: the queue, then prices (the list price prefilled).
    staff = browser.new_context(viewport=DESKTOP, locale="en-US")
    client = Client()
    client.force_login(admin_user)
    staff.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    admin = staff.new_page()
    admin.goto(f"{base}/admin/quotes/quote/?status__exact=requested")
    assert quote.number in admin.locator("#result_list").inner_text()
    screenshot(admin, "quotes-admin-queue-desktop")
    admin.goto(f"{base}/admin/quotes/quote/{quote.pk}/answer/")
    described = quote.lines.get(product=None)
    custom = ProductFactory(sku="FLANGE-A12", is_custom_made=True)
    admin.fill(f"#id_price_{described.pk}", "4.00")
    admin.fill(f"#id_lead_{described.pk}", "21")
    admin.fill(f"#id_product_{described.pk}", custom.sku)
    admin.fill("#id_freight", "900")
    admin.fill("#id_insurance", "40")
    screenshot(admin, "quotes-admin-answer-desktop")
    admin.click("[data-testid=answer-form] input[type=submit]")
    admin.wait_for_url(f"**/admin/quotes/quote/{quote.pk}/change/")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.QUOTED

    # The buyer reads the offer on a phone and accepts it: the order exists.
    phone = signed_in(browser, live_server, member, viewport=PHONE, locale="ja-JP").new_page()
    phone.goto(f"{base}/ja/member/quotes/{quote.number}/")
    assert phone.get_by_test_id("quote-offer").is_visible()
    fits(phone, "quotes-offer-ja-phone")
    phone.select_option("#id_payment_method", "bank_transfer")
    phone.click("[data-testid=accept-form] button[type=submit]")
    phone.wait_for_url("**/ja/orders/**")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED and quote.order is not None
    assert quote.order.total_amount == quote.latest_revision.total_amount
    assert quote.order.lines.count() == 2

    # The quote page in Arabic (right to left), on a phone.
    arabic = signed_in(browser, live_server, member, viewport=PHONE, locale="ar-AE").new_page()
    arabic.goto(f"{base}/ar/member/quotes/{quote.number}/")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.get_by_test_id("quote-order").inner_text() == quote.order.number
    fits(arabic, "quotes-accepted-ar-phone")
