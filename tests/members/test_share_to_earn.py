"""Share to earn: a member's share links carry their referral code and the channel; a visit is
counted and earns nothing; a sign-up through it records the channel; the first paid order
rewards the sharer as any referral; the dashboard counts each channel."""

from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from apps.analytics.dashboard import Filters, Period
from apps.analytics.dashboard_queries import ChannelCount, referrals_by_channel
from apps.ledger.models import EarningRule, LedgerEntry, RuleKind
from apps.members.models import Member, Referral, ReferralStatus, ShareChannel, ShareVisit
from apps.orders.services import mark_paid
from tests.factories import PASSWORD, MemberFactory, ProductFactory, UserFactory, make_order
from tests.text import visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral_rule(db):
    return EarningRule.objects.create(
        name_en="Referral", name="Referral", kind=RuleKind.REFERRAL, points=1000
    )


@pytest.fixture
def product(db):
    return ProductFactory(name_en="Ball valve DN50", slug_en="ball-valve-dn50")


def referral_points(member) -> list[int]:
    return list(
        LedgerEntry.objects.filter(
            account__member=member, rule__kind=RuleKind.REFERRAL
        ).values_list("points", flat=True)
    )


def test_a_shared_product_link_lands_on_the_product_and_counts_one_visit(client, product):
    sharer = MemberFactory()
    link = f"/en/r/{sharer.referral_code}/?via=linkedin&next=/en/products/ball-valve-dn50/"

    response = client.get(link)
    client.get(link)

    assert response.status_code == 302
    assert response["Location"] == "/en/products/ball-valve-dn50/"
    assert client.session["referral_code"] == sharer.referral_code
    assert client.session["referral_channel"] == "linkedin"
    visit = ShareVisit.objects.get()
    assert (visit.referrer, visit.channel, visit.visits) == (sharer, "linkedin", 2)
    assert visit.day == timezone.localdate()


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "javascript:x"])
def test_a_link_never_sends_the_visitor_to_another_site(client, target):
    sharer = MemberFactory()
    response = client.get(f"/en/r/{sharer.referral_code}/", {"via": "email", "next": target})
    assert response["Location"] == "/en/accounts/signup/"


def test_an_unknown_channel_counts_as_the_plain_link_and_the_sharers_own_click_not_at_all(
    client,
):
    sharer = MemberFactory()
    client.get(f"/en/r/{sharer.referral_code}/", {"via": "<script>"})
    assert ShareVisit.objects.get().channel == ShareChannel.LINK

    client.login(email=sharer.user.email, password=PASSWORD)
    client.get(f"/en/r/{sharer.referral_code}/", {"via": "whatsapp"})
    assert not ShareVisit.objects.filter(channel="whatsapp").exists()


def test_a_click_earns_nothing_a_sign_up_records_the_channel_a_first_paid_order_rewards(
    client, referral_rule, product, django_capture_on_commit_callbacks
):
    sharer = MemberFactory(user=UserFactory(email="anna@valves-gmbh.de"))
    client.get(f"/en/r/{sharer.referral_code}/?via=whatsapp&next=/en/products/ball-valve-dn50/")
    assert referral_points(sharer) == []  # a visit alone earns nothing

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {"email": "li@pumps-shanghai.cn", "password1": PASSWORD, "password2": PASSWORD},
        )
    invited = Member.objects.get(user__email="li@pumps-shanghai.cn")
    referral = Referral.objects.get(referred=invited)
    assert (referral.referrer, referral.channel) == (sharer, ShareChannel.WHATSAPP)
    assert "referral_channel" not in client.session
    assert referral_points(sharer) == []  # signing up alone earns nothing either

    order = make_order(member=invited)
    with django_capture_on_commit_callbacks(execute=True):
        mark_paid(order=order, amount=order.total, actor_label="test")

    assert referral_points(sharer) == [1000]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REWARDED


def share_hrefs(page: str) -> dict[str, str]:
    import re

    return {
        channel: unescape(href)
        for href, channel in re.findall(r'href="([^"]+)"[^>]*data-channel="(\w+)"', page)
    }


def test_a_member_sees_share_links_with_their_code_on_a_product_a_visitor_does_not(
    client, product, referral_rule
):
    page = client.get("/en/products/ball-valve-dn50/").content.decode()
    assert 'data-testid="share-panel"' not in page

    member = MemberFactory()
    client.login(email=member.user.email, password=PASSWORD)
    page = client.get("/en/products/ball-valve-dn50/").content.decode()

    assert "you both earn 1,000 points" in visible(page)
    hrefs = share_hrefs(page)
    assert set(hrefs) == {"linkedin", "facebook", "whatsapp", "email"}
    shared = parse_qs(urlsplit(hrefs["linkedin"]).query)["url"][0]
    assert shared == (
        f"http://testserver/en/r/{member.referral_code}/"
        "?via=linkedin&next=%2Fen%2Fproducts%2Fball-valve-dn50%2F"
    )
    assert hrefs["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert "via%3Dwhatsapp" in hrefs["whatsapp"]
    assert hrefs["email"].startswith("mailto:?subject=Ball%20valve%20DN50")
    assert f"/en/r/{member.referral_code}/?via=copied" in page


def test_the_referrals_page_offers_the_same_channels_and_shows_each_referrals_channel(client):
    member = MemberFactory()
    Referral.objects.create(referrer=member, referred=MemberFactory(), channel="facebook")
    client.login(email=member.user.email, password=PASSWORD)

    with_german = client.get("/de/member/referrals/")

    page = with_german.content.decode()
    assert set(share_hrefs(page)) == {"linkedin", "facebook", "whatsapp", "email"}
    assert "Auf LinkedIn teilen" in page
    assert "<td>Facebook</td>" in page


def test_the_dashboard_counts_visits_sign_ups_and_first_orders_per_channel():
    today = timezone.localdate()
    sharer, other = MemberFactory(), MemberFactory()
    ShareVisit.objects.create(referrer=sharer, channel="linkedin", day=today, visits=7)
    ShareVisit.objects.create(referrer=other, channel="linkedin", day=today, visits=3)
    ShareVisit.objects.create(
        referrer=sharer, channel="facebook", day=today - timedelta(days=40), visits=5
    )
    Referral.objects.create(referrer=sharer, referred=MemberFactory(), channel="linkedin")
    Referral.objects.create(
        referrer=other,
        referred=MemberFactory(),
        channel="linkedin",
        status=ReferralStatus.REWARDED,
    )
    Referral.objects.create(referrer=sharer, referred=MemberFactory())  # the plain link

    period = Period.last_days(30, today=today)
    counts = referrals_by_channel(Filters(period=period), period)

    assert counts == [
        ChannelCount("link", visits=0, signed_up=1, converted=0),
        ChannelCount("linkedin", visits=10, signed_up=2, converted=1),
    ]
