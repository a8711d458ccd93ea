"""Demo content that apps install themselves: `seed_demo` runs every registered installer after
its own data, so the command needs no import of the apps that register here."""

from collections.abc import Callable

_installers: list[Callable[[], None]] = []


def register_demo_installer(install: Callable[[], None]) -> None:
    """Run ``install()`` (idempotent, in seed_demo's transaction) whenever the demo is seeded."""
    if install not in _installers:
        _installers.append(install)


def demo_installers() -> list[Callable[[], None]]:
    return list(_installers)
