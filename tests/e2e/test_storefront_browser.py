"""A shopper in Chromium: browser language, right-to-left Arabic, currency switcher."""

import pytest

from tests.conftest import seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalogue(db):
    seed_demo()


@pytest.mark.parametrize("viewport_name", ["desktop", "phone"])
def test_home_page_in_english_and_arabic(live_server, page_factory, demo_catalogue, viewport_name):
    viewport = DESKTOP if viewport_name == "desktop" else PHONE
    for language in ("en", "ar"):
        page = page_factory(viewport=viewport)
        page.goto(f"{live_server.url}/{language}/")

        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("h1").is_visible()
        assert page.locator(".product-card").count() == 6
        # Nothing is cut off sideways, even on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        screenshot(page, f"home-{language}-{viewport_name}")


def test_browser_language_picks_the_storefront_language(live_server, page_factory, demo_catalogue):
    page = page_factory(locale="de-DE")

    page.goto(f"{live_server.url}/")

    assert page.url == f"{live_server.url}/de/"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_text("Kreiselpumpe 7,5 kW").is_visible()


def test_shopper_switches_currency_and_language(live_server, page_factory, demo_catalogue):
    page = page_factory()
    page.goto(f"{live_server.url}/en/")

    with page.expect_navigation():
        page.get_by_label("Currency").select_option("EUR")
    # The gate valve from 200 pieces: 359 USD x 0.92 (no explicit euro price list).
    assert page.get_by_text("from €330.28").is_visible()

    with page.expect_navigation():
        page.get_by_label("Language").select_option("ja")
    assert page.url == f"{live_server.url}/ja/"
    assert page.get_by_text("遠心ポンプ 7.5 kW").is_visible()
    screenshot(page, "home-ja-eur")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport_name", ["desktop", "phone"])
def test_member_dashboard_in_english_and_arabic(
    live_server, page_factory, demo_catalogue, language, viewport_name
):
    from apps.ledger import services
    from apps.members.models import Member

    member = Member.objects.get(user__email="fatima@example.ae")
    services.earn(member=member, points=1800, reason="Welcome", idempotency_key="demo-1")
    viewport = DESKTOP if viewport_name == "desktop" else PHONE
    page = page_factory(viewport=viewport)
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("input[name=login]", "fatima@example.ae")
    page.fill("input[name=password]", "demo-member-2026")
    page.click("main form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_url(f"**/{language}/member/")

    from apps.ledger.selectors import balance

    shown = page.get_by_test_id("points-available").inner_text()
    expected = balance(member).available  # demo points, welcome bonus and the 1,800 above
    assert expected >= 1800
    assert "".join(ch for ch in shown if ch.isdigit()) == str(expected)  # locale grouping
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"member-{language}-{viewport_name}")
