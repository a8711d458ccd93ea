"""The member center's WhatsApp and SMS page in Chromium, on a 390 px phone, in English and in
Arabic (right to left): a member turns WhatsApp on with a national number, gets it back in
international form, and sees the page fit the screen."""

import pytest

from apps.members.models import ConsentRecord
from apps.messaging.models import ChannelSubscription
from tests.e2e.conftest import PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("ar", "ar-AE")])
def test_a_member_turns_whatsapp_on_from_a_phone(live_server, browser, language, locale):
    member = MemberFactory(country="AE", preferred_language=language, phone="", whatsapp="")
    context = signed_in(browser, live_server, member, viewport=PHONE, locale=locale)
    page = context.new_page()

    page.goto(f"{live_server.url}/{language}/member/channels/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    fits(page, f"channels-{language}-phone")

    page.check("#id_whatsapp")
    page.fill("#id_whatsapp_number", "12345")
    page.click(".channels-form button[type=submit]")
    assert page.locator(".field-error").count() == 1  # not a number: nothing saved
    fits(page, f"channels-{language}-phone-error")
    assert not ChannelSubscription.objects.exists()

    page.check("#id_whatsapp")
    page.fill("#id_whatsapp_number", "050 123 4567")  # a UAE mobile, as typed at home
    page.click(".channels-form button[type=submit]")
    page.wait_for_url(f"**/{language}/member/channels/")
    assert page.locator("#id_whatsapp").is_checked()
    assert page.locator("#id_whatsapp_number").input_value() == "+971 50 123 4567"
    fits(page, f"channels-{language}-phone-saved")

    subscription = ChannelSubscription.objects.get(member=member)
    assert (subscription.channel, subscription.number) == ("whatsapp", "+971501234567")
    assert ConsentRecord.objects.get(member=member).granted
