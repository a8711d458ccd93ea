"""Every language has a complete, valid catalogue; a few strings render translated."""

import os
import re
import shutil
import subprocess
import sys

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


def test_every_string_in_the_source_is_in_the_catalogues(tmp_path):
    """Extract the messages again (in a copy of the tree) and check nothing new is missing."""
    for name in ("apps", "config", "templates", "locale", "manage.py"):
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale=de", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    result = subprocess.run(
        [
            "msgfmt",
            "--statistics",
            "-o",
            "/dev/null",
            str(tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"),
        ],
        capture_output=True,
        text=True,
    )

    assert re.fullmatch(r"\d+ translated messages?\.", result.stderr.strip()), (
        "Run `make messages` and translate: " + result.stderr
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_points_figures_are_grouped_by_thousands_in_every_language(language):
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    with translation.override(language):
        grouped = intcomma(16900)

    assert grouped != "16900" and grouped.startswith("16") and grouped.endswith("900")


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize(
    ("date_format", "datetime_format"),
    [("DATE_FORMAT", "DATETIME_FORMAT"), ("SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT")],
)
def test_a_date_with_its_time_is_written_as_the_date_alone(language, date_format, datetime_format):
    """A format a locale leaves out falls back to Django's US one: Django's Arabic has none for
    a date with its time, so an order's timeline said 12/03/2026 (read: 12 March) for the
    3rd of December where the same page's dates say 03/12/2026."""
    from datetime import UTC, datetime

    from django.utils import formats, translation

    moment = datetime(2026, 12, 3, 18, 44, tzinfo=UTC)  # day and month both could be either
    with translation.override(language):
        date = formats.date_format(moment, date_format)
        with_time = formats.date_format(moment, datetime_format)

    assert with_time.startswith(date), (date, with_time)
    assert with_time != date  # and the time is there


def test_every_field_of_our_models_has_a_translatable_label():
    """Without ``verbose_name`` Django labels a field after its name, in English whatever the
    reader's language: a German merchant saw "Account", "Endpoint", "User" in the admin."""
    from django.apps import apps
    from django.utils.functional import Promise
    from djmoney.models.fields import CurrencyField

    unlabelled = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("apps.")
        and not model._meta.auto_created
        and not model._meta.proxy  # a library's fields (djmoney's rates): labelled in its admin
        for field in model._meta.get_fields()
        if field.concrete
        and not field.auto_created
        and not isinstance(field, CurrencyField)  # django-money's, shown with its amount
        and getattr(field, "translated_field", None) is None  # modeltranslation's "name [de]"
        and not isinstance(field.verbose_name, Promise)
    ]

    assert unlabelled == []


def test_gettext_is_imported_only_under_names_makemessages_extracts():
    """makemessages finds _(), gettext(), gettext_lazy(), ...; an alias such as
    ``gettext_lazy as _lazy`` hides its strings from the catalogues without any error."""
    alias = re.compile(r"import\s+(?:n|p|np)?gettext(?:_lazy|_noop)?\s+as\s+(?!_\b)\w+")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "apps").rglob("*.py")
        if alias.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
