"""The whole export journey of #21 in Chromium (desktop): a buyer requests a quote in Japanese,
staff answer it in the admin (prices, a lead time, freight and insurance for CIF, validity, a
30% deposit), the buyer accepts it, pays the deposit by card (the real Stripe SDK against the
local fake), staff record the rest by bank transfer, the order is paid in full and its points
are earned, staff ship it and the buyer downloads the commercial invoice, read back with
pdftotext. On the way: the request form and the offer on a 390 px phone pass axe-core and do
not scroll sideways, and the accepted quote in Arabic (right to left) on a phone.
Screenshots: quotes-*."""

import subprocess
from decimal import Decimal

import pytest
from django.test import Client

from apps.credit.models import CreditTerms
from apps.documents.models import TradeDocument
from apps.ledger.selectors import balance
from apps.members.models import Address
from apps.orders.models import OrderStatus
from apps.payments.models import Payment
from apps.quotes.models import Quote, QuoteStatus
from apps.sitecontent.models import CompanyDetails
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    accessibility_problems,
    number,
    screenshot,
    too_wide,
)
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory, ProductFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CUSTOMS = {
    "hs_code": "8481.80",
    "country_of_origin": "DE",
    "net_weight_kg": Decimal("2.5"),
    "gross_weight_kg": Decimal("2.75"),
    "units_per_package": 10,
}


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)


def staff_context(browser, live_server, admin_user):
    client = Client()
    client.force_login(admin_user)
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def test_quote_in_japanese_deposit_by_card_rest_by_bank_points_and_commercial_invoice(
    live_server, browser, admin_user, exchange_rates, fake_stripe, settings
):
    base = live_server.url
    fake_stripe.webhook_url = f"{base}/payments/webhooks/stripe/"
    settings.BANK_TRANSFER_DETAILS = "Export Storefront Ltd · IBAN DE89 3704 0044 0532 0130 00"
    CompanyDetails.objects.create(
        name_en="Export Storefront Ltd",
        address_en="1 Harbour Road\nHamburg 20457\nGermany",
        vat_number="DE136695976",
        bank_details="IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX",
    )
    valve = ProductFactory(
        sku="VLV-DN50", name_en="Ball valve DN50", name_ja="ボールバルブ DN50", stock_quantity=1000
    )
    flange = ProductFactory(
        sku="FLANGE-A12",
        name_en="Flange A-12",
        name_ja="フランジ A-12",
        is_custom_made=True,
        stock_quantity=5,
    )
    for product in (valve, flange):
        for field, value in CUSTOMS.items():
            setattr(product, field, value)
        product.save()
    member = MemberFactory(country="JP", preferred_language="ja", preferred_currency="JPY")
    CreditTerms.objects.create(member=member, payment_terms="deposit", deposit_percent=30)
    Address.objects.create(
        member=member,
        name="佐藤 健二",
        company="佐藤商事",
        line1="みなとみらい 1-2-3",
        city="横浜",
        postal_code="220-0012",
        country="JP",
        is_default_shipping=True,
    )

    # 1. The buyer asks in Japanese for 300 valves and a flange to their drawing.
    buyer = signed_in(browser, live_server, member, viewport=DESKTOP, locale="ja-JP").new_page()
    buyer.goto(f"{base}/ja/member/quotes/new/?product={valve.pk}")
    buyer.fill("#id_lines-0-quantity", "300")
    buyer.click("[data-add-quote-line]")
    buyer.fill("#id_lines-1-description", "図面 A-12 のフランジ")
    buyer.fill("#id_lines-1-quantity", "50")
    buyer.select_option("#id_incoterm", "CIF")
    buyer.fill("#id_destination_port", "Yokohama")
    fits(buyer, "quotes-request-ja-desktop")
    buyer.click("[data-testid=quote-request-form] button[type=submit]")
    quote = Quote.objects.get()
    buyer.wait_for_url(f"**/ja/member/quotes/{quote.number}/")
    assert (quote.language, quote.currency) == ("ja", "JPY")

    # 2. Staff answer in the admin: unit prices, the flange made to order in 21 days, freight
    #    and insurance for CIF, validity (30 days by default) and a 30% deposit.
    staff = staff_context(browser, live_server, admin_user).new_page()
    staff.goto(f"{base}/admin/quotes/quote/?status__exact=requested")
    assert quote.number in staff.locator("#result_list").inner_text()
    screenshot(staff, "quotes-admin-queue-desktop")
    staff.goto(f"{base}/admin/quotes/quote/{quote.pk}/answer/")
    stock_line, drawing_line = quote.lines.order_by("id")
    staff.fill(f"#id_price_{stock_line.pk}", "12000")
    staff.fill(f"#id_price_{drawing_line.pk}", "4000")
    staff.fill(f"#id_lead_{drawing_line.pk}", "21")
    staff.fill(f"#id_product_{drawing_line.pk}", flange.sku)
    staff.fill("#id_freight", "180000")
    staff.fill("#id_insurance", "20000")
    staff.fill("#id_terms", "30% deposit by card before production, the rest before shipment.")
    screenshot(staff, "quotes-journey-admin-answer")
    staff.click("[data-testid=answer-form] input[type=submit]")
    staff.wait_for_url(f"**/admin/quotes/quote/{quote.pk}/change/")

    # 3. The buyer accepts: a bank transfer order on their deposit terms.
    buyer.goto(f"{base}/ja/member/quotes/{quote.number}/")
    offer = buyer.get_by_test_id("quote-offer").inner_text()
    assert "4,000,000" in offer and "在庫あり" in offer and "21日" in offer
    buyer.set_viewport_size(PHONE)
    fits(buyer, "quotes-offer-ja-phone")
    buyer.set_viewport_size(DESKTOP)
    buyer.select_option("#id_payment_method", "bank_transfer")
    buyer.click("[data-testid=accept-form] button[type=submit]")
    buyer.wait_for_url("**/ja/orders/**")
    quote.refresh_from_db()
    order = quote.order
    assert quote.status == QuoteStatus.ACCEPTED
    assert (order.total_amount, order.deposit_amount) == (Decimal(4_000_000), Decimal(1_200_000))
    assert (order.incoterm, order.incoterm_place) == ("CIF", "Yokohama")
    valve.refresh_from_db()
    flange.refresh_from_db()
    assert (valve.stock_quantity, flange.stock_quantity) == (700, 5)

    # 4. The deposit by card: Stripe's page asks for 30%.
    buyer.get_by_test_id("pay-due-stripe").click()
    buyer.wait_for_url(f"{fake_stripe.api_base}/pay/**")
    assert Payment.objects.get(order=order, provider="stripe").amount == 1_200_000
    buyer.get_by_role("button", name="Pay").click()
    buyer.wait_for_url(f"{base}/ja/orders/**")
    order.refresh_from_db()
    assert (order.status, order.received_amount) == (OrderStatus.PENDING_PAYMENT, 1_200_000)
    assert "2,800,000" in buyer.get_by_test_id("bank-outstanding").inner_text()
    screenshot(buyer, "quotes-journey-deposit-paid-ja")

    # 5. Staff record the rest by bank transfer: the order is paid in full.
    staff.goto(f"{base}/admin/orders/order/{order.pk}/change/")
    staff.get_by_role("link", name="Record bank transfer").click()
    assert staff.input_value("#id_amount") in ("2800000", "2800000.00")
    staff.fill("#id_reference", "MUFG 2026-0417")
    staff.click(".submit-row input[type=submit]")
    staff.wait_for_url(f"**/admin/orders/order/{order.pk}/change/")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    # 6. The points are earned: the member center shows them (pending the return window).
    buyer.goto(f"{base}/ja/member/")
    earned = balance(member).pending
    # 1 point per US dollar of merchandise: ¥3,800,000 at 151.20 (freight earns none).
    assert earned == 25_132 and number(buyer, "points-pending") == earned
    screenshot(buyer, "quotes-journey-points-ja")

    # 7. Staff ship it; the buyer downloads the commercial invoice from the member center.
    staff.get_by_role("button", name="Mark as shipped").click()
    staff.wait_for_url(f"**/admin/orders/order/{order.pk}/change/")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    buyer.goto(f"{base}/ja/member/orders/")
    with buyer.expect_download() as download_info:
        buyer.locator("a[href*='commercial_invoice']").first.click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "quotes-journey-commercial-invoice-ja.pdf"
    download_info.value.save_as(path)
    invoice = TradeDocument.objects.get(order=order, kind="commercial_invoice")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    labels = ("コマーシャルインボイス", "インコタームズ", "HSコード", "原産国", "単価", "振込先")
    for label in labels:
        assert label in text, label
    assert invoice.number in text and order.number in text
    assert "CIF Yokohama" in text
    for amount in ("3,600,000", "200,000", "4,000,000", "四百万円"):
        assert amount in text, amount

    # The accepted quote in Arabic (right to left) on a phone names its order.
    buyer.set_viewport_size(PHONE)
    buyer.goto(f"{base}/ar/member/quotes/{quote.number}/")
    assert buyer.locator("html").get_attribute("dir") == "rtl"
    assert buyer.get_by_test_id("quote-order").inner_text() == order.number
    fits(buyer, "quotes-accepted-ar-phone")
