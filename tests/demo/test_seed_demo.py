import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from apps.accounts.models import User
from apps.accounts.roles import ROLES
from apps.catalog.models import Category, Product
from apps.currencies.models import ExchangeRate
from apps.demo.demo_data import MEMBERS, PRODUCTS, REDEMPTIONS
from apps.demo.management.commands.seed_demo import (
    MEMBER_PASSWORD,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    STAFF_TOTP_SECRET,
)
from apps.members.models import Member
from apps.memberships.models import Plan
from apps.rewards.models import Redemption
from apps.rewards.services import voidable

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_demo(settings):
    """``make run``: DEBUG on (tests otherwise run with DEBUG off, as production does)."""
    settings.DEBUG = True


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (User, Member, Category, Product, ExchangeRate, Authenticator, Redemption)
    )


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys, local_demo, settings):
    call_command("seed_demo")
    first = counts()
    # The paid club: its prices get placeholder Stripe ids (no Stripe here) unless configured.
    club = Plan.objects.get(code="trade-club")
    prices = club.prices.filter(interval="month")
    assert prices.get(currency="USD").stripe_price_id == "price_demo_trade_club_month_usd"
    settings.DEMO_MEMBERSHIP_STRIPE_PRICES = {"month-USD": "price_1Club"}
    call_command("seed_demo")

    assert prices.get(currency="USD").stripe_price_id == "price_1Club"
    assert prices.get(currency="EUR").stripe_price_id == "price_demo_trade_club_month_eur"
    assert club.prices.count() == 6
    staff = 1 + len(ROLES)  # the superuser and one of each role, all with two-factor
    assert (
        counts()
        == first
        == (
            len(MEMBERS) + staff,
            len(MEMBERS),
            3,
            len(PRODUCTS),
            6,
            staff,
            len(REDEMPTIONS),
        )
    )
    # Staff find a redemption to fulfil or void.
    assert all(voidable(redemption) for redemption in Redemption.objects.all())
    output = capsys.readouterr().out
    assert "admin@example.com" in output
    assert all(item["email"] in output for item in MEMBERS)


def test_demo_products_are_translated_in_every_language(local_demo):
    call_command("seed_demo")
    product = Product.objects.get(sku="PMP-CENT-7K5")

    with translation.override("de"):
        assert product.name == "Kreiselpumpe 7,5 kW"
    with translation.override("ja"):
        assert product.name == "遠心ポンプ 7.5 kW"
        assert product.slug == "遠心ポンプ-75-kw"


def test_demo_members_can_sign_in(client, local_demo):
    call_command("seed_demo")

    response = client.post(
        "/de/accounts/login/", {"login": "hans@example.de", "password": "demo-member-2026"}
    )

    assert response.status_code == 302
    assert Member.objects.get(user__email="hans@example.de").preferred_currency == "EUR"


def test_seed_demo_refuses_to_run_in_production_without_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")

    assert not User.objects.exists()


def signs_in(client, email: str, password: str) -> bool:
    response = client.post("/en/accounts/login/", {"login": email, "password": password})
    client.logout()
    return response.status_code == 302


def test_forced_in_production_the_demo_logins_get_random_passwords_printed_once(
    client, settings, capsys
):
    settings.DEBUG = False

    call_command("seed_demo", "--force")

    output = capsys.readouterr().out
    assert STAFF_PASSWORD not in output and MEMBER_PASSWORD not in output
    assert STAFF_TOTP_SECRET not in output
    issued = dict(re.findall(r"^\s+(\S+@\S+): password (\S+)$", output, re.MULTILINE))
    role_staff = {f"{role}@example.com" for role in ROLES}
    assert set(issued) == {STAFF_EMAIL} | role_staff | {item["email"] for item in MEMBERS}
    assert len(set(issued.values())) == len(issued)  # each its own
    member_email = MEMBERS[0]["email"]
    assert signs_in(client, member_email, issued[member_email])
    assert not signs_in(client, member_email, MEMBER_PASSWORD)
    assert not User.objects.get(email=STAFF_EMAIL).check_password(STAFF_PASSWORD)
    totp = Authenticator.objects.get(user__email=STAFF_EMAIL)
    assert decrypt(totp.data["secret"]) != STAFF_TOTP_SECRET
    assert f"TOTP secret {decrypt(totp.data['secret'])}" in output


def test_forced_in_production_it_replaces_published_passwords_seeded_earlier(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")  # the published logins
    settings.DEBUG = False

    call_command("seed_demo", "--force")
    call_command("seed_demo", "--force")

    output = capsys.readouterr().out
    assert not any(user.check_password(MEMBER_PASSWORD) for user in User.objects.all())
    assert not User.objects.get(email=STAFF_EMAIL).check_password(STAFF_PASSWORD)
    totp = Authenticator.objects.get(user__email=STAFF_EMAIL)
    assert decrypt(totp.data["secret"]) != STAFF_TOTP_SECRET
    assert output.rstrip().endswith("none is a published one).")  # the second run changes none
