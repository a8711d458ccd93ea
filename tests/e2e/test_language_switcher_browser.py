"""The language switcher in Chromium: the same page in the chosen language from any page, in
any state (a query string, a page rendered by a POST, signed in or not), whatever language the
browser chose last time (the cookie)."""

import pytest

from apps.members.models import Member
from tests.conftest import seed_demo
from tests.e2e.conftest import PHONE, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalogue(db):
    seed_demo()


def choose_language(page, code: str) -> None:
    with page.expect_navigation():
        page.locator("#language-select").select_option(code)


def last_choice_was(page, live_server, language: str) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def test_switching_from_a_page_whose_language_is_not_the_last_choice(
    live_server, page_factory, demo_catalogue
):
    page = page_factory()
    last_choice_was(page, live_server, "ja")
    page.goto(f"{live_server.url}/de/products/?sort=name&in_stock=on")

    choose_language(page, "en")

    assert page.url == f"{live_server.url}/en/products/?sort=name&in_stock=on"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="All products").is_visible()

    choose_language(page, "ar")  # and on from there, once more

    assert page.url == f"{live_server.url}/ar/products/?sort=name&in_stock=on"
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_switching_on_a_product_page_lands_on_the_same_product(
    live_server, page_factory, demo_catalogue
):
    page = page_factory(viewport=PHONE)
    last_choice_was(page, live_server, "fr")
    page.goto(f"{live_server.url}/de/products/")
    page.get_by_role("link", name="Kreiselpumpe 7,5 kW").first.click()

    choose_language(page, "ja")

    assert page.locator("h1").inner_text() == "遠心ポンプ 7.5 kW"
    assert "/ja/products/" in page.url
    screenshot(page, "switcher-product-ja-phone")


def test_switching_on_a_page_a_post_rendered(live_server, page_factory, demo_catalogue):
    page = page_factory()
    last_choice_was(page, live_server, "ru")
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.fill("input[name=login]", "hans@example.de")
    page.fill("input[name=password]", "not-the-password")
    page.click("main form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_selector(".errorlist, .form-errors, [role=alert]")

    choose_language(page, "en")

    assert page.url == f"{live_server.url}/en/accounts/login/"
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_signed_in_member_switches_and_the_choice_is_kept(
    live_server, page_factory, demo_catalogue
):
    page = page_factory()
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.fill("input[name=login]", "hans@example.de")
    page.fill("input[name=password]", "demo-member-2026")
    page.click("main form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_url("**/de/member/")
    last_choice_was(page, live_server, "es")
    page.goto(f"{live_server.url}/de/member/points/?kind=earn")

    choose_language(page, "zh-hans")

    assert page.url == f"{live_server.url}/zh-hans/member/points/?kind=earn"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert Member.objects.get(user__email="hans@example.de").preferred_language == "zh-hans"
