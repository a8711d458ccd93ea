"""Staff set up two-factor authentication through an invitation link, never with just the
password: otherwise whoever knew a new staff member's password first would own their TOTP."""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.accounts import two_factor
from apps.accounts.models import TwoFactorInvitation
from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

ACTIVATE = "/en/accounts/2fa/totp/activate/"
REQUIRED = "/en/accounts/two-factor/required/"


def signed_in_with_password(client, user) -> Client:
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def reauthenticate(client) -> None:
    """allauth asks for the password again before two-factor changes."""
    response = client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content


def activate_totp(client) -> None:
    """Scan the QR code (read the secret from the page) and enter the current code."""
    reauthenticate(client)
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(ACTIVATE, {"code": code})
    assert response.status_code == 302, response.content


@pytest.fixture
def new_staff():
    return StaffFactory(email="new.staff@example.com")


def test_staff_without_totp_reach_neither_the_admin_nor_the_set_up_page_with_a_password(
    client, new_staff
):
    signed_in_with_password(client, new_staff)

    for path in ("/admin/", "/admin/ledger/pointsaccount/", ACTIVATE, "/en/accounts/2fa/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == REQUIRED, path
    assert client.post(ACTIVATE, {"code": "123456"})["Location"] == REQUIRED
    assert not Authenticator.objects.filter(user=new_staff).exists()
    assert client.get(REQUIRED).status_code == 200


def test_an_invitation_link_lets_the_staff_member_set_up_totp_once(client, new_staff):
    link = two_factor.create_invitation(user=new_staff)
    signed_in_with_password(client, new_staff)

    response = client.get(path_of(link))
    assert response["Location"] == ACTIVATE
    assert client.get("/admin/")["Location"] == ACTIVATE  # the set-up first
    activate_totp(client)

    assert Authenticator.objects.filter(user=new_staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200
    assert TwoFactorInvitation.objects.get().used_at is not None
    # From now on a password alone does not even sign in.
    other = Client()
    response = other.post("/en/accounts/login/", {"login": new_staff.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert other.get(path_of(link))["Location"].startswith("/en/accounts/login/")


def test_a_link_opened_once_does_not_open_a_second_session(client, new_staff):
    link = two_factor.create_invitation(user=new_staff)
    signed_in_with_password(client, new_staff).get(path_of(link))
    intruder = signed_in_with_password(Client(), new_staff)

    refused = intruder.get(path_of(link))

    assert refused.status_code == 400
    assert "already been used" in refused.content.decode()
    assert intruder.get(ACTIVATE)["Location"] == REQUIRED
    reauthenticate(client)
    assert client.get(ACTIVATE).status_code == 200  # the first session may still set it up


@pytest.mark.parametrize("problem", ["expired", "tampered", "other account", "unsigned"])
def test_a_bad_link_is_refused(client, new_staff, problem):
    link = path_of(two_factor.create_invitation(user=new_staff))
    if problem == "expired":
        TwoFactorInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif problem == "tampered":
        link = link.replace("/invitation/", "/invitation/x")
    elif problem == "unsigned":
        link = re.sub(r"/invitation/[^/]+/", "/invitation/eyJpZCI6MX0/", link)
    user = StaffFactory() if problem == "other account" else new_staff
    signed_in_with_password(client, user)

    response = client.get(link)

    assert response.status_code == 400
    assert client.get(ACTIVATE)["Location"] == REQUIRED
    assert TwoFactorInvitation.objects.get().used_at is None


def test_an_invitation_link_asks_for_the_password_first(client, new_staff):
    link = path_of(two_factor.create_invitation(user=new_staff))

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert TwoFactorInvitation.objects.get().used_at is None


def test_staff_can_ask_for_a_link_by_email_once_every_few_minutes(
    client, new_staff, django_capture_on_commit_callbacks
):
    signed_in_with_password(client, new_staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUIRED)
        client.post(REQUIRED)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [new_staff.email]
    link = re.search(r"https?://\S+/invitation/\S+/", mail.outbox[0].body).group(0)
    assert client.get(path_of(link))["Location"] == ACTIVATE


def test_the_command_prints_a_link_for_a_staff_member(capsys, client, new_staff):
    call_command("invite_staff_two_factor", new_staff.email)

    link = capsys.readouterr().out.strip().splitlines()[-1]
    signed_in_with_password(client, new_staff)
    assert client.get(path_of(link))["Location"] == ACTIVATE


def test_the_command_refuses_accounts_that_are_not_staff(member):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="staff"):
        call_command("invite_staff_two_factor", member.user.email)


def test_superusers_email_links_from_the_admin(
    admin_client, new_staff, django_capture_on_commit_callbacks
):
    changelist = "/admin/accounts/user/"
    payload = {"action": "email_two_factor_invitations", "_selected_action": [new_staff.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist, payload)

    assert len(mail.outbox) == 1
    assert "merchant@example.com" in mail.outbox[0].body  # who invited them
    assert TwoFactorInvitation.objects.get().created_by.email == "merchant@example.com"


def test_staff_who_are_not_superusers_do_not_get_the_invitation_action(client, admin_user):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.models import Permission

    manager = StaffFactory(is_superuser=False)
    manager.user_permissions.add(*Permission.objects.filter(codename__endswith="_user"))
    TOTP.activate(manager, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(manager)

    page = client.get("/admin/accounts/user/")

    assert page.status_code == 200
    assert "email_two_factor_invitations" not in page.content.decode()
