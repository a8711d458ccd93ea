import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ARTIFACTS / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser):
    contexts = []

    def open_page(*, viewport=DESKTOP, locale="en-US"):
        context = browser.new_context(viewport=viewport, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def fill_shipping(page, *, company, city, postal_code, country, region="", payment) -> None:
    """The checkout's address, Incoterm and payment method (the fields every buyer fills)."""
    page.fill("#id_ship_to_name", "Test Buyer")
    page.fill("#id_ship_to_company", company)
    page.fill("#id_ship_to_line1", "1 Harbour Road")
    page.fill("#id_ship_to_city", city)
    page.fill("#id_ship_to_postal_code", postal_code)
    page.fill("#id_ship_to_region", region)
    page.select_option("#id_ship_to_country", country)
    page.select_option("#id_incoterm", "CIF")
    page.check(f"input[name='payment_method'][value='{payment}']")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


AXE = "node_modules/axe-core/axe.min.js"


def too_wide(page) -> list[str]:
    return page.evaluate(
        """[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => `${e.tagName}.${e.className}`)"""
    )


def accessibility_problems(page) -> list[str]:
    """Serious and critical axe-core violations on the current page."""
    # Evaluated, not added as a <script> element: the Content-Security-Policy refuses inline
    # scripts (DevTools' evaluation is not subject to it).
    page.evaluate(Path(AXE).read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def number(page, testid: str) -> int:
    """A points figure as shown (grouping separators and Arabic-Indic digits allowed)."""
    text = page.get_by_test_id(testid).inner_text()
    digits = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    return int(re.sub(r"\D", "", digits))
