"""Redeeming asks first (cost, balance now and after), redeems once per confirmation form, and
a coupon shows its value, its expiry and a "use at checkout" link that carries its code."""

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from apps.ledger.selectors import balance
from apps.rewards.models import Redemption, RedemptionStatus, RewardKind
from tests.factories import MemberFactory, make_order
from tests.rewards.test_rewards import funded, reward
from tests.text import visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    funded(member, 2500)
    client.force_login(member.user)
    return member


def text_of(page: str, name: str) -> str:
    """The visible text of the element with ``data-testid=name`` (amounts inside it are
    isolated in elements of their own)."""
    match = re.search(rf'<(\w+)[^>]*data-testid="{name}"[^>]*>(.*?)</\1>', page, flags=re.S)
    assert match, f"no {name} on the page"
    return visible(match.group(2))


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', page).group(1)


def coupon(**fields):
    defaults = {"kind": RewardKind.COUPON_AMOUNT, "coupon_amount": Decimal("10.00")}
    return reward(name_en="10 USD coupon", points_cost=1000, **{**defaults, **fields})


def test_the_redeem_button_asks_first_and_spends_nothing(client, signed_in):
    sample = reward(points_cost=800)

    listing = client.get("/en/member/rewards/").content.decode()
    page = client.get(f"/en/member/rewards/{sample.pk}/redeem/").content.decode()

    assert f'href="/en/member/rewards/{sample.pk}/redeem/"' in listing
    assert text_of(page, "confirm-cost") == "800 points"
    assert text_of(page, "confirm-balance") == "2,500 points"
    assert text_of(page, "confirm-after") == "1,700 points"
    assert "Redeem for 800 points" in visible(page)
    assert balance(signed_in).available == 2500
    assert not Redemption.objects.exists()


def test_a_post_without_the_confirmation_form_redeems_nothing(client, signed_in):
    sample = reward(points_cost=800)

    response = client.post(f"/en/member/rewards/{sample.pk}/redeem/", {})

    assert response.status_code == 200
    assert "Confirm your reward" in response.content.decode()
    assert not Redemption.objects.exists()
    assert balance(signed_in).available == 2500


def test_the_same_confirmation_sent_twice_redeems_once(client, signed_in):
    sample = reward(points_cost=800, stock=5)
    token = token_of(client.get(f"/en/member/rewards/{sample.pk}/redeem/").content.decode())

    first = client.post(f"/en/member/rewards/{sample.pk}/redeem/", {"token": token})
    second = client.post(f"/en/member/rewards/{sample.pk}/redeem/", {"token": token}, follow=True)

    redemption = Redemption.objects.get()
    assert first["Location"] == f"/en/member/rewards/redemptions/{redemption.pk}/"
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "your points were spent once" in second.content.decode()
    assert balance(signed_in).available == 1700
    sample.refresh_from_db()
    assert sample.stock == 4


def test_two_confirmation_pages_open_before_redeeming_redeem_once(client, signed_in):
    sample = reward(points_cost=800)
    url = f"/en/member/rewards/{sample.pk}/redeem/"
    first_tab, second_tab = (token_of(client.get(url).content.decode()) for _tab in range(2))

    client.post(url, {"token": first_tab})
    again = client.post(url, {"token": second_tab}, follow=True)

    assert Redemption.objects.count() == 1
    assert "your points were spent once" in again.content.decode()
    assert balance(signed_in).available == 1700


def test_a_confirmation_shown_after_redeeming_redeems_again(client, signed_in):
    sample = reward(points_cost=800)
    url = f"/en/member/rewards/{sample.pk}/redeem/"
    client.post(url, {"token": token_of(client.get(url).content.decode())})

    page = client.get(url).content.decode()
    client.post(url, {"token": token_of(page)})

    assert text_of(page, "confirm-balance") == "1,700 points"
    assert Redemption.objects.count() == 2
    assert balance(signed_in).available == 900


def test_a_token_not_from_this_members_confirmation_redeems_nothing(client, signed_in):
    sample = reward(points_cost=800)
    someone = MemberFactory()
    funded(someone)
    other = client.__class__()
    other.force_login(someone.user)
    theirs = token_of(other.get(f"/en/member/rewards/{sample.pk}/redeem/").content.decode())

    for token in (uuid.uuid4().hex, theirs):
        response = client.post(f"/en/member/rewards/{sample.pk}/redeem/", {"token": token})
        assert "Confirm your reward" in response.content.decode()

    assert not Redemption.objects.exists()


def test_the_confirmation_shows_a_coupons_value_in_my_currency_and_its_expiry(
    client, signed_in, exchange_rates
):
    offer = coupon(coupon_valid_days=30)
    client.post("/currency/", {"currency": "EUR"})

    page = client.get(f"/en/member/rewards/{offer.pk}/redeem/").content.decode()

    expiry = timezone.now() + timedelta(days=30)
    offer_text = text_of(page, "coupon-offer")
    assert "A coupon worth €9.20 off your order." in offer_text
    until = date_format(expiry, "DATE_FORMAT")
    assert f"Valid for 30 days after you redeem it, until {until}." in offer_text


def test_a_redeemed_coupon_shows_its_expiry_and_a_checkout_link_with_its_code(client, signed_in):
    offer = coupon(coupon_valid_days=90)
    token = token_of(client.get(f"/de/member/rewards/{offer.pk}/redeem/").content.decode())

    page = client.post(
        f"/de/member/rewards/{offer.pk}/redeem/", {"token": token}, follow=True
    ).content.decode()
    listing = client.get("/de/member/rewards/").content.decode()

    redemption = Redemption.objects.get()
    checkout = f'href="/de/checkout/?coupon={redemption.coupon_code}"'
    assert f'data-testid="use-at-checkout" {checkout}' in page
    assert checkout in listing
    expiry = redemption.coupon_expires_at
    german_months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August"]
    german_months += ["September", "Oktober", "November", "Dezember"]
    german_date = f"{expiry.day}. {german_months[expiry.month - 1]} {expiry.year}"
    assert german_date in text_of(page, "coupon-expiry")
    assert balance(signed_in).available == 1500


def test_a_used_or_expired_coupon_has_no_checkout_link(client, signed_in):
    used = Redemption.objects.create(
        member=signed_in,
        reward=coupon(),
        points=1000,
        status=RedemptionStatus.FULFILLED,
        coupon_code="R-USED000001",
        coupon_expires_at=timezone.now() + timedelta(days=10),
        coupon_order=make_order(member=signed_in),
        idempotency_key="used",
    )
    expired = Redemption.objects.create(
        member=signed_in,
        reward=coupon(),
        points=1000,
        status=RedemptionStatus.APPROVED,
        coupon_code="R-OLD0000001",
        coupon_expires_at=timezone.now() - timedelta(days=1),
        idempotency_key="expired",
    )

    used_page = client.get(f"/en/member/rewards/redemptions/{used.pk}/").content.decode()
    expired_page = client.get(f"/en/member/rewards/redemptions/{expired.pk}/").content.decode()
    listing = client.get("/en/member/rewards/").content.decode()

    assert f"Used on order {used.coupon_order.number}." in visible(used_page)
    assert "Expired on" in text_of(expired_page, "coupon-expiry")
    assert "use-at-checkout" not in used_page + expired_page + listing


def test_a_reward_i_cannot_afford_explains_why_and_offers_no_confirm_button(client, signed_in):
    big = reward(points_cost=5000)

    page = client.get(f"/en/member/rewards/{big.pk}/redeem/").content.decode()
    refused = client.post(
        f"/en/member/rewards/{big.pk}/redeem/",
        {"token": client.get(f"/en/member/rewards/{big.pk}/redeem/").context["token"]},
        follow=True,
    )

    assert text_of(page, "confirm-refused") == "You need 2,500 more points."
    assert "confirm-redeem" not in page and "confirm-after" not in page
    assert "You need 2,500 more points." in visible(refused.content.decode())
    assert not Redemption.objects.exists()


def test_someone_elses_redemption_is_not_found(client, signed_in):
    theirs = MemberFactory()
    funded(theirs)
    other_client = client.__class__()
    other_client.force_login(theirs.user)
    url = f"/en/member/rewards/{coupon().pk}/redeem/"
    other_client.post(url, {"token": token_of(other_client.get(url).content.decode())})

    response = client.get(f"/en/member/rewards/redemptions/{Redemption.objects.get().pk}/")

    assert response.status_code == 404
