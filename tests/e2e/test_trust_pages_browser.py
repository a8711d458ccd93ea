"""What makes the shop look trustworthy, in Chromium: product pictures at the screen's size and
the specification table, the company's footer and legal pages, the filters folded on phones;
English, German, Arabic and Japanese at desktop and phone widths, axe-core clean (scanned at the
phone width)."""

import pytest
from django.core.management import call_command
from django.utils import translation

from apps.catalog.models import Product
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "de", "ar", "ja")
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def demo_shop(db):
    call_command("seed_demo", verbosity=0)


def show_lazy_pictures(page) -> None:
    """Scroll through the page so that lazily loaded pictures are in the screenshot."""
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y);
            await new Promise((done) => setTimeout(done, 50));
          }
          scrollTo(0, 0);
          await Promise.all([...document.images].map((image) => image.decode().catch(() => {})));
        }"""
    )


def test_product_legal_and_listing_pages_in_four_languages(live_server, browser, demo_shop):
    base = live_server.url
    problems = []
    for language in LANGUAGES:
        with translation.override(language):
            product = Product.objects.get(sku="PMP-CENT-7K5").get_absolute_url()
            category = Product.objects.get(sku="PMP-CENT-7K5").category.get_absolute_url()
        for viewport_name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()

            # Product page: the main picture is a rendition chosen for the screen width.
            page.goto(f"{base}{product}")
            main = page.locator(".gallery-main img")
            assert main.evaluate("image => image.complete && image.naturalWidth > 0")
            chosen = main.evaluate("image => image.currentSrc")
            assert chosen.endswith("w.webp"), chosen
            assert int(chosen.rsplit(".", 2)[-2].removesuffix("w")) <= 1280
            assert page.locator(".gallery-more img").count() == 2
            assert page.locator(".specifications tbody tr").count() >= 10
            assert page.locator(".specifications caption").is_visible()
            show_lazy_pictures(page)
            screenshot(page, f"trust-product-{language}-{viewport_name}")
            if viewport_name == "phone":  # one scan per page and language is enough
                problems += [f"{language} product: {p}" for p in accessibility_problems(page)]

            # Category page: on a phone the filters wait behind "Filters"; on a desktop they show.
            page.goto(f"{base}{category}?is_new=on")
            filters = page.locator(".filter-form")
            if viewport_name == "phone":
                assert not filters.is_visible()
                page.locator(".filters-disclosure > summary").click()
            assert filters.is_visible()
            show_lazy_pictures(page)
            screenshot(page, f"trust-category-{language}-{viewport_name}")

            # The footer names the company; the imprint and the FAQ read in the language.
            page.goto(f"{base}/{language}/pages/imprint/")
            footer = page.locator(".site-footer")
            assert footer.get_by_text("Export Storefront Ltd").first.is_visible()
            assert footer.locator("a[href^='https://wa.me/']").is_visible()
            assert page.locator(".company-facts").is_visible()
            screenshot(page, f"trust-imprint-{language}-{viewport_name}")
            if viewport_name == "phone":
                problems += [f"{language} imprint: {p}" for p in accessibility_problems(page)]
            page.goto(f"{base}/{language}/pages/loyalty-faq/")
            assert page.locator(".faq-item").count() == 6
            page.locator(".faq-item summary").nth(1).click()
            assert page.locator(".faq-item").nth(1).get_attribute("open") is not None
            screenshot(page, f"trust-faq-{language}-{viewport_name}")
            context.close()

    assert problems == []
