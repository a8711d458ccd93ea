"""The language a page is in, and the same page in another language."""

from urllib.parse import urlsplit

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
