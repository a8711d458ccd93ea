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


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_keeps_every_placeholder(language):
    text = catalogue(language).read_text()
    entries = re.findall(r'msgid "(.*?)"\nmsgstr "(.*?)"\n', text)
    for msgid, msgstr in entries:
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(
            re.findall(r"%\(\w+\)s", msgstr)
        ), msgid


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_home_page_is_translated(client, language):
    page = client.get(f"/{language}/").content.decode()

    assert "How the programme works" not in page
    assert "Skip to content" not in page
