"""Growth channels end to end in Chromium (#24), in Arabic (right to left) and English, at desktop
and 390 px phone widths, with the real Stripe and Twilio SDKs against local fakes:

a member who reads the shop in Arabic turns WhatsApp on in the member center and shares a
product through the product page's WhatsApp button; a buyer who reads it in English opens the
link on a phone, signs up and pays a first order; the sharer is rewarded by the referral rule and
told on WhatsApp with the approved Arabic template; then spends points on a tier pass, and the
member center shows the tier and the date it is kept until. One test: each step is the next
one's setup, so the chain costs one database flush.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import translation

from apps.catalog.models import Product
from apps.ledger import services as ledger
from apps.members.models import Referral, ReferralStatus, ShareChannel
from apps.messaging.models import Channel, ChannelMessage, ChannelSubscription, WhatsAppTemplate
from apps.messaging.texts import number
from apps.notifications.models import Kind
from apps.rewards.models import Redemption, Reward, RewardKind
from apps.tiers.models import Tier, TierStatus
from tests.conftest import seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_member_journey import PRODUCT_SKU, buy, sign_up
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory
from tests.fakes.twilio_server import FakeTwilio

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WHATSAPP_FROM = "+14155238886"
ARABIC_SID, ENGLISH_SID = "HX" + "a" * 32, "HX" + "e" * 32


@pytest.fixture
def twilio(settings):
    with FakeTwilio() as fake:
        settings.MESSAGING_BACKEND = "apps.messaging.backends.TwilioBackend"
        settings.TWILIO_ACCOUNT_SID = fake.account_sid
        settings.TWILIO_AUTH_TOKEN = fake.auth_token
        settings.TWILIO_API_BASE = fake.base_url
        settings.TWILIO_SMS_FROM = "+15005550006"
        settings.TWILIO_WHATSAPP_FROM = WHATSAPP_FROM
        settings.TWILIO_MESSAGING_SERVICE_SID = ""
        yield fake


def both_widths(page, name: str) -> None:
    """Screenshots at desktop and phone widths, with no sideways scrolling and no serious
    accessibility problem; the page is left at ``DESKTOP``."""
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px too wide at {label}: {too_wide(page)}"
        screenshot(page, f"growth-{name}-{label}")
    assert accessibility_problems(page) == [], name
    page.set_viewport_size(DESKTOP)


def test_a_shared_product_brings_a_buyer_the_sharer_is_told_on_whatsapp_and_buys_a_tier_pass(
    live_server, browser, page_factory, fake_stripe, twilio
):
    seed_demo()
    fake_stripe.webhook_url = f"{live_server.url}/payments/webhooks/stripe/"
    base = live_server.url
    template = WhatsAppTemplate(kind=Kind.REFERRAL_REWARDED, parameters="name,points")
    template.name_en, template.content_sid_en = "referral_rewarded", ENGLISH_SID
    template.name_ar, template.content_sid_ar = "referral_rewarded_ar", ARABIC_SID
    template.save()
    gold = Tier.objects.get(name_en="Gold")
    gold_pass = Reward.objects.create(
        name_en="Gold for 90 days",
        name_ar="الذهبي لمدة 90 يومًا",
        kind=RewardKind.TIER_PASS,
        points_cost=2000,
        pass_tier=gold,
        pass_days=90,
    )
    sharer = MemberFactory(
        country="AE", preferred_language="ar", phone="", whatsapp="", user__first_name="Layla"
    )
    ledger.earn(member=sharer, points=1500, reason="Welcome gift", idempotency_key="gift")
    page = signed_in(browser, live_server, sharer, viewport=DESKTOP, locale="ar-AE").new_page()

    # The sharer turns WhatsApp on in the member center (consent recorded, number checked).
    page.goto(f"{base}/ar/member/channels/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.check("#id_whatsapp")
    page.fill("#id_whatsapp_number", "050 123 4567")
    page.click(".channels-form button[type=submit]")
    page.wait_for_url("**/ar/member/channels/")
    assert page.locator("#id_whatsapp").is_checked()
    both_widths(page, "channels-ar")
    subscription = ChannelSubscription.objects.get(member=sharer)
    assert (subscription.channel, subscription.number) == (Channel.WHATSAPP, "+971501234567")

    # ... and shares a product through the product page's WhatsApp button.
    with translation.override("ar"):
        product_path = Product.objects.get(sku=PRODUCT_SKU).get_absolute_url()
    page.goto(f"{base}{product_path}")
    panel = page.get_by_test_id("share-panel")
    panel.scroll_into_view_if_needed()
    both_widths(page, "product-share-ar")
    href = panel.locator("a[data-channel=whatsapp]").get_attribute("href")
    shared = parse_qs(urlparse(href).query)["text"][0].split()[-1]
    assert "via=whatsapp" in shared and sharer.referral_code in shared

    # A buyer opens the link on a phone in English, signs up and pays a first order.
    buyer_page = page_factory(viewport=PHONE, locale="en-US")
    buyer_page.goto(shared.replace("https://", "http://").replace("/ar/", "/en/"))
    buyer = sign_up(buyer_page, base, "en", "buyer@desal-works.ae")
    referral = Referral.objects.get(referred=buyer)
    assert (referral.referrer, referral.channel) == (sharer, ShareChannel.WHATSAPP)
    assert not twilio.messages  # a sign-up alone earns the sharer nothing
    buy(buyer_page, base, "en", quantity=100)
    buyer_page.set_viewport_size(PHONE)
    screenshot(buyer_page, "growth-buyer-order-en-phone")

    # The sharer is rewarded and told on WhatsApp: the approved Arabic template, once.
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REWARDED
    told = [m for m in twilio.messages if m.content_sid in (ARABIC_SID, ENGLISH_SID)]
    assert len(told) == 1
    (message,) = told
    assert (message.to, message.params["From"]) == (
        "whatsapp:+971501234567",
        f"whatsapp:{WHATSAPP_FROM}",
    )
    assert message.content_sid == ARABIC_SID
    with translation.override("ar"):
        assert message.variables == {"1": "Layla", "2": number(1000)}
    assert ChannelMessage.objects.get(provider_sid=message.sid).language == "ar"

    # The sharer spends points on a Gold pass: Gold at once, kept until the pass's end date.
    page.goto(f"{base}/ar/member/rewards/")
    card = page.locator(".reward-card").filter(has_text="الذهبي لمدة 90 يومًا")
    card.get_by_test_id("redeem").click()
    page.get_by_test_id("confirm-redeem").click()
    page.wait_for_url("**/ar/member/rewards/redemptions/**")
    redemption = Redemption.objects.get(member=sharer, reward=gold_pass)
    assert page.get_by_test_id("pass-until").is_visible()
    both_widths(page, "tier-pass-ar")
    status = TierStatus.objects.get(member=sharer)
    assert (status.tier, status.pinned_until) == (gold, redemption.pass_until)
    page.goto(f"{base}/ar/member/")
    with translation.override("ar"):
        assert page.get_by_test_id("tier-name").inner_text() == gold.name
    assert page.get_by_test_id("tier-kept-until").is_visible()
    both_widths(page, "dashboard-tier-pass-ar")
