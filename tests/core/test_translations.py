"""Every language has a complete, valid catalogue; a few strings render translated."""

import re
import subprocess

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from tests.conftest import ROOT

TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def catalogue(language: str):
    return ROOT / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_compiles_with_no_untranslated_or_fuzzy_message(language):
    path = catalogue(language)
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.", result.stderr.strip()), result.stderr


def entries(path) -> list[tuple[str, list[str]]]:
    """(msgid, [msgstr forms]) pairs of a .po file, with continuation lines joined."""
    joined = re.sub(r'"\n"', "", path.read_text())
    found = []
    for block in joined.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.MULTILINE)
        plural = re.search(r'^msgid_plural "(.*)"$', block, re.MULTILINE)
        forms = re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.MULTILINE)
        if msgid and msgid.group(1):
            found.append((msgid.group(1), forms, plural.group(1) if plural else None))
    return found


def placeholders(text: str) -> list[str]:
    return sorted(set(re.findall(r"%\(\w+\)s", text)))


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_keeps_every_placeholder(language):
    found = entries(catalogue(language))
    assert len(found) > 100
    for msgid, forms, plural in found:
        expected = placeholders(msgid + (plural or ""))
        for form in forms:
            # A singular form may spell out "one" instead of the count (e.g. Arabic).
            assert set(placeholders(form)) <= set(expected), msgid
            assert placeholders(form) == expected or plural, msgid


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_home_page_is_translated(client, language):
    page = client.get(f"/{language}/").content.decode()

    assert "How the programme works" not in page
    assert "Skip to content" not in page
