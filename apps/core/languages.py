"""The language a page is in, and the same page in another language."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def url_in_language(url: str, language: str) -> str:
    """``url`` (a page of this site, query string included) as the page in ``language``.

    The page's language is the one its path starts with, whatever language is active or the
    language cookie holds. (Django's ``translate_url`` resolves the path in the active language:
    with a French cookie, /de/products/ did not resolve and came back unchanged, so choosing
    English from a German page left the shopper on the German page.) A path that resolves to no
    page keeps everything but its language prefix; a path without one (``/``) is returned as it
    is, and the language middleware then sends it to the chosen language.
    """
    path = urlsplit(url).path
    page_language = translation.get_language_from_path(path)
    if page_language is None:
        return url
    with translation.override(page_language):
        translated = translate_url(url, language)
    if translated != url or page_language == language:
        return translated
    prefix = f"/{page_language}/"
    start = url.find(prefix)
    return f"{url[:start]}/{language}/{url[start + len(prefix) :]}"


def texts_by_language(folder: Path) -> dict[str, dict]:
    """Each language's ``<code>.json`` in ``folder``, by modeltranslation's field suffix
    (``zh_hans`` for zh-hans): demo texts are kept one file per language for translators."""
    return {
        code.replace("-", "_"): json.loads((folder / f"{code}.json").read_text(encoding="utf-8"))
        for code, _name in settings.LANGUAGES
    }
