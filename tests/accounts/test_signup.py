"""Sign-up with a verified email, then sign-in, in the shopper's language."""

import re

import pytest
from django.core import mail
from django.utils import translation

from apps.accounts.models import User
from apps.members.models import Member

pytestmark = pytest.mark.django_db
PASSWORD = "Valve-Pump-2026!"


def sign_up(client, language: str, email: str):
    return client.post(
        f"/{language}/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def confirmation_path(message, language: str) -> str:
    match = re.search(
        rf"https?://[^/\s]+(/{language}/accounts/confirm-email/[^\s]+/)", message.body
    )
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize(
    ("language", "currency"), [("en", "USD"), ("de", "EUR")], ids=["english", "german"]
)
def test_sign_up_verify_email_and_sign_in(client, language, currency):
    client.post("/currency/", {"currency": currency, "next": f"/{language}/"})

    response = sign_up(client, language, "buyer@example.com")

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    with translation.override(language):
        expected_subject = translation.gettext("Please Confirm Your Email Address")
    assert expected_subject in mail.outbox[0].subject
    member = Member.objects.get(user__email="buyer@example.com")
    assert (member.preferred_language, member.preferred_currency) == (language, currency)

    path = confirmation_path(mail.outbox[0], language)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302

    client.logout()
    response = client.post(
        f"/{language}/accounts/login/", {"login": "buyer@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/member/"  # signed-in members land on their points
    page = client.get(f"/{language}/member/")
    assert "buyer@example.com" in page.content.decode()


def test_unverified_email_cannot_sign_in(client):
    sign_up(client, "en", "late@example.com")
    client.logout()

    response = client.post(
        "/en/accounts/login/", {"login": "late@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_email_is_unique_whatever_its_case_without_revealing_the_account(client, user):
    response = sign_up(client, "en", user.email.upper())

    # The page looks like any sign-up (no account enumeration); the owner is told by email.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=user.email).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "already" in mail.outbox[0].body


def test_weak_password_is_refused_with_a_translated_message(client):
    response = client.post(
        "/fr/accounts/signup/",
        {"email": "weak@example.com", "password1": "123", "password2": "123"},
    )

    assert response.status_code == 200
    with translation.override("fr"):
        expected = translation.gettext("This password is entirely numeric.")
    assert expected in response.content.decode()
    assert not User.objects.filter(email="weak@example.com").exists()
