"""Trade documents in Chromium: an Arabic member on a 390 px phone finds the documents of their
orders in the member center and on the order page, and downloads a PDF."""

from pathlib import Path

import pytest

from apps.documents.models import TradeDocument
from apps.sitecontent.models import CompanyDetails
from tests.documents.conftest import export_order, ship
from tests.e2e.conftest import PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)


def test_a_member_downloads_the_documents_of_their_orders(live_server, browser, tmp_path):
    CompanyDetails.objects.create(
        name_en="Export Storefront Ltd",
        address_en="1 Harbour Road\nHamburg",
        vat_number="DE136695976",
    )
    member = MemberFactory(country="AE")
    unpaid = export_order(member=member, language="ar")
    shipped = ship(export_order(member=member, language="ar"))
    context = signed_in(browser, live_server, member, viewport=PHONE, locale="ar-AE")
    page = context.new_page()

    page.goto(f"{live_server.url}/ar/member/orders/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    fits(page, "documents-member-orders-ar-phone")
    links = page.locator("a[href*='/documents/']")
    # Each order's proforma (issued with its confirmation e-mail), the shipped one's invoice
    # and packing list.
    assert links.count() == 4

    page.goto(f"{live_server.url}/ar/orders/{shipped.access_token}/")
    documents = page.get_by_test_id("order-documents")
    assert documents.locator("a").count() == 3
    fits(page, "documents-order-page-ar-phone")
    with page.expect_download() as download_info:
        documents.locator("a[href*='commercial_invoice']").click()
    download = download_info.value
    path = Path(tmp_path) / download.suggested_filename
    download.save_as(path)

    invoice = TradeDocument.objects.get(order=shipped, kind="commercial_invoice")
    assert download.suggested_filename == f"{invoice.number}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert TradeDocument.objects.filter(order=unpaid).get().kind == "proforma"
