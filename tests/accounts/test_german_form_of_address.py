"""German addresses the reader formally ("Sie") everywhere, allauth's sign-in, sign-up and
password pages and e-mails included (its own German catalogue says "du"; ours overrides it,
locale_vendor/allauth/de)."""

import re
from pathlib import Path

import allauth
import pytest
from babel.messages.pofile import read_po
from django.core import mail
from django.utils import translation

from tests.factories import PASSWORD, MemberFactory
from tests.text import visible

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.IGNORECASE)
ALLAUTH_GERMAN = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"


def informal_words(text: str) -> list[str]:
    return INFORMAL.findall(text)


def main_text(response) -> str:
    html = response.content.decode()
    return visible(re.search(r"<main\b.*?</main>", html, re.DOTALL).group(0))


def test_every_allauth_message_reads_formally_in_german():
    with ALLAUTH_GERMAN.open("rb") as source:
        catalogue = read_po(source)
    informal = []
    with translation.override("de"):
        for message in catalogue:
            if not message.id:
                continue
            if message.pluralizable:
                shown = [translation.ngettext(*message.id, count) for count in (1, 2)]
            elif message.context:
                shown = [translation.pgettext(message.context, message.id)]
            else:
                shown = [translation.gettext(message.id)]
            informal += [text for text in shown if informal_words(text)]

    assert informal == []


@pytest.mark.parametrize(
    "path",
    [
        "/de/accounts/login/",
        "/de/accounts/signup/",
        "/de/accounts/password/reset/",
        "/de/accounts/password/reset/done/",
        "/de/accounts/confirm-email/",
        "/de/accounts/confirm-email/not-a-key/",
        "/de/accounts/password/reset/key/1-not-a-key/",
    ],
)
def test_allauth_pages_for_visitors_read_formally(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert informal_words(main_text(response)) == [], main_text(response)


@pytest.mark.parametrize(
    "path",
    [
        "/de/accounts/logout/",
        "/de/accounts/password/change/",
        "/de/accounts/email/",
        "/de/accounts/reauthenticate/",
    ],
)
def test_allauth_pages_for_members_read_formally(client, member, path):
    client.force_login(member.user)

    response = client.get(path)

    assert response.status_code == 200
    assert informal_words(main_text(response)) == [], main_text(response)


def test_the_form_errors_read_formally(client):
    response = client.post(
        "/de/accounts/signup/",
        {"email": "neu@example.de", "password1": PASSWORD, "password2": "something else"},
    )

    assert "Sie müssen zweimal dasselbe Passwort eingeben." in main_text(response)
    assert informal_words(main_text(response)) == []


def test_allauth_emails_read_formally(client):
    existing = MemberFactory(user__email="hans@example.de")

    client.post(
        "/de/accounts/signup/",
        {"email": "neu@example.de", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.post("/de/accounts/password/reset/", {"email": existing.user.email})
    client.post(
        "/de/accounts/signup/",
        {"email": existing.user.email, "password1": PASSWORD, "password2": PASSWORD},
    )

    assert len(mail.outbox) == 3  # confirmation, password reset, "account already exists"
    for message in mail.outbox:
        parts = [message.subject, message.body, *(body for body, _type in message.alternatives)]
        assert all(informal_words(visible(part)) == [] for part in parts), message.body
    assert "Sie" in mail.outbox[0].body
