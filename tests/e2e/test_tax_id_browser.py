"""A guest at checkout on a phone, in English and Arabic: a mistyped French VAT number is
refused under its field with the expected format; corrected, the order (from a merchant in
Germany) is reverse charged and its page says so in the buyer's language."""

import pytest
from django.utils import translation

from apps.catalog.models import Product
from apps.orders.models import Order
from apps.sitecontent.models import CompanyDetails
from tests.conftest import seed_demo
from tests.e2e.conftest import PHONE, accessibility_problems, fill_shipping, screenshot, too_wide

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def merchant_in_germany(db):
    seed_demo()
    company = CompanyDetails.objects.get()
    company.vat_number = "DE 136 695 976"
    company.save()


@pytest.mark.parametrize(("language", "locale"), [("en", "en-GB"), ("ar", "ar-AE")])
def test_a_mistyped_vat_id_is_refused_then_the_order_is_reverse_charged(
    live_server, page_factory, merchant_in_germany, fake_stripe, language, locale
):
    fake_stripe.webhook_url = f"{live_server.url}/payments/webhooks/stripe/"
    page = page_factory(viewport=PHONE, locale=locale)
    with translation.override(language):
        page.goto(f"{live_server.url}{Product.objects.get(sku='VLV-BALL-DN50').get_absolute_url()}")
    page.fill("#quantity", "20")
    page.click(".add-to-cart button")
    page.wait_for_url(f"**/{language}/cart/")
    page.click("a.button[href$='/checkout/']")
    page.fill("#id_email", f"achats-{language}@example.fr")
    fill_shipping(
        page,
        company="Lyon Hydraulique SARL",
        city="Lyon",
        postal_code="69002",
        country="FR",
        payment="stripe",
    )
    page.fill("#id_vat_id", "FR 40 303 265 046")  # one digit wrong
    page.click(".checkout-form button[type=submit]")

    # The expected format, by example.
    assert "FR40303265045" in page.locator("#id_vat_id-error").inner_text()
    assert not Order.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, too_wide(
        page
    )
    assert accessibility_problems(page) == []
    page.locator("#id_vat_id").scroll_into_view_if_needed()
    screenshot(page, f"checkout-vat-error-{language}-phone")

    page.fill("#id_vat_id", "FR 40 303 265 045")
    page.click(".checkout-form button[type=submit]")
    page.wait_for_url(f"{fake_stripe.api_base}/pay/**")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url(f"{live_server.url}/{language}/orders/**")

    order = Order.objects.get()
    assert (order.vat_id, order.reverse_charge) == ("FR40303265045", True)
    with translation.override(language):
        wording = translation.gettext(
            "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council "
            "Directive 2006/112/EC)"
        )
    assert page.get_by_test_id("reverse-charge").inner_text() == wording
    screenshot(page, f"checkout-vat-reverse-charge-{language}-phone")
    # The order's lines fit the phone: no amount runs off the edge of its table (in Arabic the
    # line total once started left of the screen, inside the table's own scroll box).
    lines = page.locator(".table-scroll").first
    assert lines.evaluate("box => box.scrollWidth - box.clientWidth") <= 1
