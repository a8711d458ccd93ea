"""Staff sign in through allauth and must use TOTP two-factor authentication."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY

from tests.conftest import TOTP_SECRET
from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db


def current_totp_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def test_admin_login_is_the_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_staff_without_two_factor_are_told_how_to_get_a_set_up_link(client):
    client.force_login(StaffFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/two-factor/required/"


def test_staff_sign_in_asks_for_the_totp_code_then_opens_the_admin(client, admin_user):
    response = client.post("/en/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session

    response = client.post("/en/accounts/2fa/authenticate/", {"code": "000001"})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session

    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_totp_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_member_cannot_open_the_admin(client, member):
    client.force_login(member.user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or response["Location"].startswith(
        "/admin/login/"
    )


def test_password_change_ends_the_users_other_sessions(client, django_user_model):
    from django.test import Client

    user = StaffFactory(is_staff=False, is_superuser=False)
    laptop, phone = client, Client()
    laptop.force_login(user)
    phone.force_login(user)

    response = laptop.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "New-Valve-2026!", "password2": "New-Valve-2026!"},
    )

    assert response.status_code == 302
    assert laptop.get("/en/accounts/email/").status_code == 200
    assert phone.get("/en/accounts/email/").status_code == 302  # signed out
