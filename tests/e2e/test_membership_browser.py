"""The paid membership in Chromium against the fake Stripe (webhooks signed and delivered to
the live server): bought on Stripe's page, renewed by a webhook, cancelled in Stripe's customer
portal; on a phone in English and Arabic, and the staff's subscribers with MRR."""

import pytest
from django.conf import settings
from django.test import Client

from apps.members.models import Member
from apps.memberships.models import Subscription
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.factories import MemberFactory
from tests.memberships.helpers import make_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"active": "Active", "cancelled": "Cancelled: your benefits end on"},
    "ar": {"active": "نشطة", "cancelled": "ملغاة: تنتهي مزاياك في"},
}


@pytest.fixture
def stripe_with_webhooks(fake_stripe, live_server):
    fake_stripe.webhook_url = f"{live_server.url}/payments/webhooks/stripe/"
    return fake_stripe


def signed_in(page_factory, live_server, member: Member, locale: str):
    client = Client()
    client.force_login(member.user)
    page = page_factory(viewport=PHONE, locale=locale)
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


def fits(page, name: str) -> None:
    screenshot(page, name)
    assert too_wide(page) == []
    assert accessibility_problems(page) == []


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("ar", "ar-AE")])
def test_a_member_buys_renews_and_cancels_the_membership(
    live_server, page_factory, stripe_with_webhooks, language, locale
):
    fake = stripe_with_webhooks
    make_plan(currencies=("EUR", "USD"))
    member = MemberFactory(preferred_language=language, preferred_currency="EUR")
    page = signed_in(page_factory, live_server, member, locale)
    membership = f"{live_server.url}/{language}/member/membership/"

    page.goto(membership)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    fits(page, f"membership-plans-{language}-390")

    # Bought on Stripe's hosted page; its webhooks arrive before the browser comes back.
    page.get_by_test_id("subscribe-month").click()
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url(f"{membership}?subscribed=1")
    assert page.get_by_test_id("membership-status").inner_text().strip() == TEXT[language]["active"]
    assert page.get_by_test_id("membership-next-charge").is_visible()
    assert page.get_by_test_id("membership-invoices").locator("tbody tr").count() == 1
    fits(page, f"membership-active-{language}-390")

    # Renewed: Stripe's invoice.paid webhook for the next period.
    subscription = Subscription.objects.get(member=member)
    first_end = subscription.paid_until
    fake.renew(subscription.stripe_subscription_id, deliver=True)
    page.reload()
    assert page.get_by_test_id("membership-invoices").locator("tbody tr").count() == 2
    subscription.refresh_from_db()
    assert subscription.paid_until > first_end

    # Cancelled in Stripe's customer portal: the benefits end with the paid period.
    page.get_by_test_id("membership-manage").click()
    page.wait_for_url(f"{fake.api_base}/portal/**")
    page.get_by_role("button", name="Cancel plan").click()
    page.get_by_role("link", name="Return").click()
    page.wait_for_url(membership)
    assert TEXT[language]["cancelled"] in page.get_by_test_id("membership-status").inner_text()
    assert page.get_by_test_id("membership-next-charge").count() == 0
    fits(page, f"membership-cancelled-{language}-390")
    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end
    assert subscription.benefits_until == subscription.paid_until


def test_staff_see_the_subscribers_with_mrr_and_churn(
    live_server, page_factory, stripe_with_webhooks, admin_user
):
    from tests.memberships.helpers import checkout

    plan = make_plan()
    for _ in range(2):
        checkout(stripe_with_webhooks, MemberFactory(), plan.prices.get(interval="month"))
    client = Client()
    client.force_login(admin_user)
    page = page_factory(viewport=DESKTOP)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/admin/memberships/subscription/")

    summary = page.get_by_test_id("membership-summary")
    assert "Subscribers with benefits now: 2" in summary.inner_text()
    assert page.get_by_test_id("membership-mrr").inner_text().replace("\xa0", " ") in (
        "€38.00",
        "38.00 €",
    )
    screenshot(page, "membership-admin-subscribers")
