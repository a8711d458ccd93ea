"""Demo content that apps install themselves: `seed_demo` runs every registered installer after
its own data, so the command needs no import of the apps that register here."""

import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

_installers: list[Callable[[], None]] = []


def register_demo_installer(install: Callable[[], None]) -> None:
    """Run ``install()`` (idempotent, in seed_demo's transaction) whenever the demo is seeded."""
    if install not in _installers:
        _installers.append(install)


def demo_installers() -> list[Callable[[], None]]:
    return list(_installers)


def texts_by_language(folder: Path) -> dict[str, dict]:
    """Each language's ``<code>.json`` in ``folder``, by modeltranslation's field suffix
    (``zh_hans`` for zh-hans): demo texts are kept one file per language for translators."""
    return {
        code.replace("-", "_"): json.loads((folder / f"{code}.json").read_text(encoding="utf-8"))
        for code, _name in settings.LANGUAGES
    }
