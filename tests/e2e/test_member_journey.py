"""A member's whole journey in Chromium, in German, Arabic (right to left) and Japanese:

sign up and confirm the email, complete the profile (the bonus appears), buy and pay by card,
see the points pending, let the return window pass (the operator command with ``--as-of``),
redeem a coupon and use it at checkout, refer a partner who buys: both are rewarded.
Screenshots at phone and desktop widths go to test-artifacts/screenshots; axe-core scans the
dashboard, history and rewards pages for serious or critical accessibility problems.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from apps.catalog.models import Product
from apps.ledger.models import LedgerEntry, RuleKind
from apps.ledger.selectors import balance
from apps.members.models import Member, Referral, ReferralStatus
from apps.notifications.models import Kind, Notification
from apps.orders.models import Order, OrderStatus
from apps.rewards.models import Redemption
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    fill_shipping,
    number,
    screenshot,
    too_wide,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Export-Buyer-2026!"
PRODUCT_SKU = "VLV-BALL-DN50"


@pytest.fixture
def demo_catalogue(db):
    with override_settings(DEBUG=True):  # the local demo, with its published logins
        call_command("seed_demo", verbosity=0)


def both_widths(page, name: str) -> None:
    """Screenshots of the current page at phone and desktop widths; no sideways scrolling."""
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px too wide at {label} width: {too_wide(page)}"
        screenshot(page, f"journey-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def sign_up(page, base: str, language: str, email: str) -> Member:
    page.goto(f"{base}/{language}/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/confirm-email/")
    links = [
        re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
        for message in mail.outbox
        if email in message.to
    ]
    (link,) = [found.group(0) for found in links if found]
    page.goto(link.replace("https://", "http://"))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return Member.objects.get(user__email=email)


def buy(page, base: str, language: str, *, quantity: int, coupon: str = "") -> Order:
    with translation.override(language):
        product_url = Product.objects.get(sku=PRODUCT_SKU).get_absolute_url()
    page.goto(f"{base}{product_url}")
    page.fill("#quantity", str(quantity))
    page.click(".add-to-cart button")
    page.wait_for_url(f"**/{language}/cart/")
    page.click("a.button[href$='/checkout/']")
    fill_shipping(
        page,
        company="Gulf Valves Trading",
        city="Dubai",
        postal_code="00000",
        country="AE",
        payment="stripe",
    )
    if coupon:
        page.fill("#id_coupon_code", coupon)
    known = set(Order.objects.values_list("pk", flat=True))
    page.click(".checkout-form button[type=submit]")
    page.wait_for_url("**/pay/**")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url(f"{base}/{language}/orders/**")
    order = Order.objects.exclude(pk__in=known).get()
    assert order.status == OrderStatus.PAID
    return order


def points_from(member: Member, kind: str) -> list[int]:
    return list(
        LedgerEntry.objects.filter(account__member=member, rule__kind=kind).values_list(
            "points", flat=True
        )
    )


@pytest.mark.parametrize(
    ("language", "locale"), [("de", "de-DE"), ("ar", "ar-AE"), ("ja", "ja-JP")]
)
def test_a_member_joins_earns_redeems_and_refers(
    live_server, page_factory, demo_catalogue, fake_stripe, language, locale
):
    fake_stripe.webhook_url = f"{live_server.url}/payments/webhooks/stripe/"
    base = live_server.url
    page = page_factory(locale=locale)

    # Sign up and confirm the email address: the welcome bonus is credited.
    member = sign_up(page, base, language, f"buyer-{language}@gulf-valves.ae")
    page.goto(f"{base}/{language}/member/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert number(page, "points-available") == 500

    # Complete the profile: the meter reaches 100 % and the bonus appears.
    page.goto(f"{base}/{language}/member/profile/")
    both_widths(page, f"{language}-profile")
    page.fill("#id_company_name", "Gulf Valves Trading")
    page.select_option("#id_country", "AE")
    page.fill("#id_phone", "+971 4 123 4567")
    page.select_option("#id_customer_type", "distributor")
    page.fill("#id_purchasing_needs", "Ball valves DN50 for desalination plants")
    page.fill("#id_birthday", "1982-03-14")
    page.click(".profile-form button[type=submit]")
    page.wait_for_url(f"**/{language}/member/profile/")
    assert page.get_by_test_id("profile-missing").count() == 0
    page.goto(f"{base}/{language}/member/")
    assert number(page, "points-available") == 700
    assert points_from(member, RuleKind.PROFILE) == [200]

    # Buy: the order's points wait out the return window.
    order = buy(page, base, language, quantity=100)
    page.goto(f"{base}/{language}/member/")
    pending = balance(member).pending
    assert pending > 0 and number(page, "points-pending") == pending
    both_widths(page, f"{language}-dashboard-pending")

    # An operator job run "31 days later" makes them available.
    later = (timezone.now() + timedelta(days=31)).isoformat()
    call_command("release_pending_points", as_of=later, stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.reload()
    assert number(page, "points-pending") == 0
    assert number(page, "points-available") == 700 + pending

    # Redeem the 10 USD coupon and use it on the next order.
    page.goto(f"{base}/{language}/member/rewards/")
    page.locator(".reward-card").get_by_test_id("redeem").first.click()
    page.get_by_test_id("confirm-redeem").click()
    page.wait_for_url(f"**/{language}/member/rewards/redemptions/**")
    code = page.get_by_test_id("coupon-code").input_value()
    assert Redemption.objects.get(coupon_code=code).member == member
    both_widths(page, f"{language}-rewards")
    second = buy(page, base, language, quantity=100, coupon=code)
    assert second.discount_amount > Decimal(0)
    assert second.total_amount < order.total_amount
    assert Redemption.objects.get(coupon_code=code).coupon_order == second

    # Refer a partner: they sign up through the link and pay a first order.
    page.goto(f"{base}/{language}/member/referrals/")
    link = page.get_by_test_id("referral-link").input_value()
    partner_page = page_factory(locale=locale)
    partner_page.goto(link.replace("https://", "http://"))
    partner = sign_up(partner_page, base, language, f"partner-{language}@desal-works.ae")
    assert Referral.objects.get(referred=partner).referrer == member
    buy(partner_page, base, language, quantity=100)
    page.reload()
    both_widths(page, f"{language}-referrals")
    assert Referral.objects.get(referred=partner).status == ReferralStatus.REWARDED
    assert points_from(member, RuleKind.REFERRAL) == [1000]
    assert points_from(partner, RuleKind.REFERRAL) == [1000]

    # The inbox told the member each step, in their language; the emails went out once each.
    kinds = set(Notification.objects.filter(member=member).values_list("kind", flat=True))
    assert {Kind.WELCOME, Kind.POINTS_EARNED, Kind.REWARD_REDEEMED, Kind.REFERRAL_REWARDED} <= kinds
    page.goto(f"{base}/{language}/member/inbox/")
    both_widths(page, f"{language}-inbox")
    emailed = Notification.objects.filter(member=member, email_status="sent").count()
    received = [message for message in mail.outbox if member.user.email in message.to]
    assert len(received) == emailed + 1  # and the address confirmation

    # The member center passes an accessibility scan.
    for path in ("member/", "member/points/", "member/rewards/", "member/inbox/"):
        page.goto(f"{base}/{language}/{path}")
        assert accessibility_problems(page) == [], path
    both_widths(page, f"{language}-rewards-after")
