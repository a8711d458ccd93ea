"""Redeeming with a confirmation and the referral link's sign-up page, in Chromium, in English,
German and Arabic (right to left), on a desktop and a 390 px phone: screenshots in
test-artifacts/screenshots, no sideways scrolling, axe-core clean, and the pages do what they
say (one redemption, the coupon's checkout link carries its code, the invitation names the
referrer by first name and company, never the email address)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from apps.ledger import services as ledger
from apps.ledger.models import EarningRule, RuleKind
from apps.rewards.models import Redemption, Reward, RewardKind
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, number, screenshot, too_wide
from tests.factories import MemberFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = [("en", "en-US"), ("de", "de-DE"), ("ar", "ar-AE")]


@pytest.fixture
def programme(exchange_rates):
    EarningRule.objects.create(
        name_en="Referral", name="Referral", kind=RuleKind.REFERRAL, points=1000
    )
    return Reward.objects.create(
        name_en="10 USD coupon",
        name_de="Gutschein über 10 USD",
        name_ar="قسيمة بقيمة 10 دولارات",
        description_en="Take 10 USD off your next order.",
        description_de="10 USD Rabatt auf Ihre nächste Bestellung.",
        description_ar="خصم 10 دولارات على طلبك القادم.",
        kind=RewardKind.COUPON_AMOUNT,
        coupon_amount=Decimal("10.00"),
        coupon_valid_days=90,
        points_cost=1000,
    )


@pytest.fixture
def fatima(programme):
    member = MemberFactory(
        company_name="Gulf Valves Trading",
        country="AE",
        timezone="Asia/Dubai",
        user=UserFactory(email="fatima@gulf-valves.ae", first_name="Fatima"),
    )
    ledger.earn(member=member, points=2500, reason="Welcome", idempotency_key="welcome")
    ledger.earn(
        member=member,
        points=320,
        reason="Order ORD-1042",
        idempotency_key="order",
        available_at=timezone.now() + timedelta(days=14),
    )
    return member


def signed_in_page(page_factory, live_server, member, locale):
    """A browser signed in as ``member`` (the session made by Django's test client)."""
    client = Client()
    client.force_login(member.user)
    page = page_factory(locale=locale)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def look_at(page, name: str, language: str) -> None:
    """Screenshots at both widths; the page neither scrolls sideways nor fails axe-core."""
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px too wide at {label}: {too_wide(page)}"
        screenshot(page, f"member-{name}-{language}-{label}")
    assert accessibility_problems(page) == [], name


@pytest.mark.parametrize(("language", "locale"), LANGUAGES)
def test_redeeming_asks_first_and_the_coupon_goes_to_checkout(
    live_server, page_factory, fatima, language, locale
):
    page = signed_in_page(page_factory, live_server, fatima, locale)
    page.goto(f"{live_server.url}/{language}/member/rewards/")

    page.locator(".reward-card").get_by_test_id("redeem").first.click()
    page.wait_for_url(f"**/{language}/member/rewards/*/redeem/")
    look_at(page, "redeem-confirm", language)
    assert not Redemption.objects.exists()
    assert number(page, "confirm-balance") == 2500 and number(page, "confirm-after") == 1500
    second_tab = page.context.new_page()
    second_tab.goto(page.url)

    page.get_by_test_id("confirm-redeem").dblclick()  # an impatient double click
    page.wait_for_url(f"**/{language}/member/rewards/redemptions/*/")
    look_at(page, "redeem-done", language)
    second_tab.get_by_test_id("confirm-redeem").click()  # the same confirmation, other tab
    second_tab.wait_for_url(page.url)

    redemption = Redemption.objects.get()
    code = page.get_by_test_id("coupon-code").input_value()
    assert code == redemption.coupon_code
    link = page.get_by_test_id("use-at-checkout").get_attribute("href")
    assert link == f"/{language}/checkout/?coupon={code}"
    page.goto(f"{live_server.url}/{language}/member/points/")
    look_at(page, "history", language)
    assert page.get_by_test_id("entry-pending").count() == 1


@pytest.mark.parametrize(("language", "locale"), LANGUAGES)
def test_the_referral_link_says_who_invited_me_and_what_we_both_get(
    live_server, page_factory, fatima, language, locale
):
    page = page_factory(locale=locale)

    page.goto(f"{live_server.url}/{language}/r/{fatima.referral_code}/")
    page.wait_for_url(f"**/{language}/accounts/signup/")
    look_at(page, "referral-landing", language)
    invitation = page.get_by_test_id("invitation").inner_text()
    assert "Fatima" in invitation and "Gulf Valves Trading" in invitation
    assert "fatima@gulf-valves.ae" not in page.content()

    page.goto(f"{live_server.url}/{language}/r/NOSUCHCODE/")
    page.wait_for_url(f"**/{language}/accounts/signup/")
    look_at(page, "referral-unknown", language)
    assert page.get_by_test_id("invitation").count() == 0
    assert page.locator(".message-warning").count() == 1
