"""Companies in Chromium, in English and German: a company admin invites a buyer from the
member center, the buyer follows the e-mailed link, signs up and orders, and the admin sees the
buyer's order on the Company page. Phone (390 px) and desktop widths; the Company page in Arabic
(right to left) too. Screenshots go to test-artifacts/screenshots."""

import re

import pytest
from django.core import mail
from django.utils import translation

from apps.catalog.models import Product
from apps.companies import services
from apps.companies.models import CompanyRole
from apps.companies.selectors import membership_of
from apps.members.models import Member
from apps.orders.models import Order
from tests.conftest import seed_demo
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    fill_shipping,
    screenshot,
    too_wide,
)
from tests.e2e.test_tier_shipping_browser import signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Export-Buyer-2026!"


@pytest.fixture
def company_admin(db):
    seed_demo()
    hans = Member.objects.get(user__email="hans@example.de")
    services.create_company(
        legal_name="Müller Armaturen GmbH", country="DE", vat_id="DE136695976", admin=hans
    )
    return hans


def both_widths(page, name: str) -> None:
    """No sideways scrolling and nothing serious for axe-core at phone and desktop widths."""
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px too wide at {label} width: {too_wide(page)}"
        assert accessibility_problems(page) == []
        screenshot(page, f"company-{name}-{label}")
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("de", "de-DE")])
def test_an_admin_invites_a_buyer_who_signs_up_and_orders(
    live_server, browser, company_admin, language, locale
):
    base = live_server.url
    email = f"einkauf-{language}@example.de"
    admin_context = signed_in(browser, live_server, company_admin, viewport=DESKTOP, locale=locale)
    admin_page = admin_context.new_page()
    admin_page.goto(f"{base}/{language}/member/company/")
    both_widths(admin_page, f"{language}-admin")
    admin_page.fill("#id_email", email)
    admin_page.select_option("#id_role", CompanyRole.BUYER)
    admin_page.select_option("#id_language", language)
    admin_page.click("[data-testid=invite-form] button[type=submit]")
    admin_page.wait_for_load_state()
    assert email in admin_page.get_by_test_id("pending-invitations").inner_text()

    (message,) = [m for m in mail.outbox if email in m.to]
    with translation.override(language):
        assert translation.gettext("Accept the invitation") in message.alternatives[0][0]
    path = re.search(r"https?://[^/\s]+(/\S+/company/invitation/\S+/)", message.body).group(1)

    buyer_context = browser.new_context(viewport=PHONE, locale=locale)
    buyer = buyer_context.new_page()
    buyer.goto(f"{base}{path}")
    assert "Müller Armaturen GmbH" in buyer.get_by_test_id("invitation-text").inner_text()
    both_widths(buyer, f"{language}-invitation")
    buyer.click("main a.button[href*='/accounts/signup/']")
    assert buyer.input_value("#id_email") == email
    buyer.fill("#id_password1", PASSWORD)
    buyer.fill("#id_password2", PASSWORD)
    buyer.click("main form button[type=submit]")
    buyer.wait_for_url(f"**/{language}/member/company/")
    member = Member.objects.get(user__email=email)
    assert membership_of(member).role == CompanyRole.BUYER
    with translation.override(language):
        assert buyer.get_by_test_id("my-role").inner_text() == translation.gettext("Buyer")
    both_widths(buyer, f"{language}-buyer")

    with translation.override(language):
        product_url = Product.objects.get(sku="VLV-BALL-DN50").get_absolute_url()
    buyer.goto(f"{base}{product_url}")
    buyer.fill("#quantity", "100")
    buyer.click(".add-to-cart button")
    buyer.wait_for_url(f"**/{language}/cart/")
    buyer.goto(f"{base}/{language}/checkout/")
    fill_shipping(
        buyer,
        company="Müller Armaturen GmbH",
        city="Hamburg",
        postal_code="20457",
        country="DE",
        payment="bank_transfer",
    )
    buyer.click("button.place-order")
    buyer.wait_for_url(f"{base}/{language}/orders/**")
    order = Order.objects.get(member=member)
    assert order.company == membership_of(company_admin).company

    admin_page.goto(f"{base}/{language}/member/company/")
    orders = admin_page.get_by_test_id("company-orders").inner_text()
    assert order.number in orders and email in orders
    assert email in admin_page.get_by_test_id("company-members").inner_text()
    both_widths(admin_page, f"{language}-admin-with-order")

    if language == "en":
        admin_page.goto(f"{base}/ar/member/company/")
        assert admin_page.locator("html").get_attribute("dir") == "rtl"
        assert order.number in admin_page.get_by_test_id("company-orders").inner_text()
        both_widths(admin_page, "ar-admin")
    buyer_context.close()
    admin_context.close()
