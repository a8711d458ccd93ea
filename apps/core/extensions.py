"""Extension points: how a lower app asks higher ones for an answer without importing them.

The one mechanism for hooks (docs/architecture.md, "Layers"). A lower app declares a named
point, typed by the hook it expects, in its ``extensions.py``::

    member_discount: ExtensionPoint[Callable[[Member], Decimal]] = ExtensionPoint(
        "catalog.member_discount", "A member's discount fraction; the largest applies."
    )

A higher app registers its hooks in its ``hooks.py``, which ``CoreConfig.ready`` imports at
start-up for every installed app (as it does ``subscribers.py``)::

    @member_discount.register
    def tier_discount(member) -> Decimal: ...

The declaring app asks ``member_discount.hooks()`` (in registration order: the order of
``INSTALLED_APPS``) and combines the answers by its own rule, which its docstring states.
Named points (``keyed=True``) hold one hook per name (data export sections). Hooks answer
synchronously inside the caller's transaction; an effect that may happen later goes through a
domain event (``apps.core.events``) instead.
"""

from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

Hook = TypeVar("Hook", bound=Callable)

_points: dict[str, "ExtensionPoint"] = {}


class ExtensionPoint(Generic[Hook]):
    """A named place where other apps plug in hooks of one type."""

    def __init__(self, name: str, doc: str, *, keyed: bool = False, single: bool = False):
        if name in _points:
            raise ImproperlyConfigured(f"Extension point {name!r} is declared twice")
        self.name, self.doc, self.keyed, self.single = name, doc, keyed, single
        self._hooks: dict[object, Hook] = {}  # by key, or by the hook itself
        _points[name] = self

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self._hooks)} hook(s)>"

    def register(self, hook: Hook, *, key: str | None = None) -> Hook:
        """Add ``hook`` (idempotent: the same function twice is one hook); usable as a
        decorator. A keyed point needs ``key`` (see ``register_as``); a single point takes one
        hook only."""
        if self.keyed and key is None:
            raise ImproperlyConfigured(f"{self.name} needs a key for every hook")
        slot = hook if key is None else key
        if self.single and self._hooks and slot not in self._hooks:
            raise ImproperlyConfigured(f"{self.name} takes one hook; it has {self.hooks()[0]!r}")
        self._hooks[slot] = hook
        return hook

    def register_as(self, key: str) -> Callable[[Hook], Hook]:
        """Decorator for a keyed point: the hook under ``key`` (a later one replaces it)."""

        def register(hook: Hook) -> Hook:
            return self.register(hook, key=key)

        return register

    def unregister(self, hook: Hook) -> None:
        """Remove ``hook`` (tests plug in temporary ones)."""
        self._hooks = {key: known for key, known in self._hooks.items() if known is not hook}

    def hooks(self) -> tuple[Hook, ...]:
        return tuple(self._hooks.values())

    def items(self) -> tuple[tuple[str, Hook], ...]:
        """``(key, hook)`` pairs of a keyed point, in registration order."""
        return tuple((str(key), hook) for key, hook in self._hooks.items())

    def only(self) -> Hook:
        """The one hook of a single point; ``ImproperlyConfigured`` when none is registered."""
        if not self._hooks:
            raise ImproperlyConfigured(f"No hook is registered for {self.name}")
        return self.hooks()[0]


def extension_points() -> dict[str, ExtensionPoint]:
    """Every declared point by name (the documentation test lists them)."""
    return dict(_points)


# Core's own point (the switchers in ``apps.core.views``).
preference_chosen: ExtensionPoint[Callable[..., None]] = ExtensionPoint(
    "core.preference_chosen",
    "Called as hook(request=, language=) or hook(request=, currency=) when a shopper picks a "
    "language or currency in the switchers (members keep a member's choice on the profile).",
)
