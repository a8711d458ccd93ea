"""Rendered catalogue fragments in Redis, invalidated by a version number.

Any change that can alter what a catalogue page shows (products, prices, images, categories,
exchange rates, stock) bumps the version after commit, so every cached fragment is stale at
once; nothing has to find and delete individual keys. Fragments never contain anything personal
(no CSRF token, no cart, no user): pages add those around them.

Each worker process also keeps the most used fragments in memory (keys carry the version, so
they can never be stale) and re-reads the version from Redis at most once per
``VERSION_RECHECK_SECONDS``: other processes see a change at most that late; the process that
made it sees it at once.
"""

import bisect
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar, cast

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import extensions
from .models import Product

VERSION_KEY = "catalog:version"
FRAGMENT_TIMEOUT = 60 * 60
VERSION_RECHECK_SECONDS = 1.0
LOCAL_FRAGMENTS = 1024
T = TypeVar("T")

_local = threading.local()
_memory: OrderedDict[str, object] = OrderedDict()
_memory_lock = threading.Lock()


def catalogue_version() -> int:
    known = getattr(_local, "version", None)
    if known is not None and time.monotonic() - _local.checked_at < VERSION_RECHECK_SECONDS:
        return known
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: if only this key was evicted, old fragments stay unseen.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    _local.version, _local.checked_at = version, time.monotonic()
    return version


def forget_local_version() -> None:
    _local.version = None


def forget_local_fragments() -> None:
    """Drop this process's copies (tests do this when they empty Redis)."""
    forget_local_version()
    with _memory_lock:
        _memory.clear()


def catalogue_changed() -> None:
    """Make every cached catalogue fragment stale once the current transaction commits. With
    Redis down the bump is logged and skipped (an order must still take stock): fragments then
    show the old stock or text for at most ``FRAGMENT_TIMEOUT`` once Redis is back."""
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a clock-based one is unseen
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    forget_local_version()


def cached_fragment(parts: tuple, build: Callable[[], T]) -> T:
    """``build()``'s result for ``parts`` at the current catalogue version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"catalog:fragment:{catalogue_version()}:{digest}"
    with _memory_lock:
        if key in _memory:
            _memory.move_to_end(key)
            return cast(T, _memory[key])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=FRAGMENT_TIMEOUT)
    with _memory_lock:
        _memory[key] = value
        while len(_memory) > LOCAL_FRAGMENTS:
            _memory.popitem(last=False)
    return value


def released_count(now: datetime | None = None) -> int:
    """How many of the catalogue's public dates (early access, ``access.py``) have passed.

    Part of the cache key of everything a shopper without early access sees: no catalogue
    change happens when a public date passes, yet from that moment the product must appear
    (and before it, never to them). The dates are read once per catalogue version.
    """
    dates = cached_fragment(("public-dates",), _public_dates)
    return bisect.bisect_right(dates, (now or timezone.now()).timestamp())


def _public_dates() -> list[float]:
    dates = Product.objects.filter(public_from__isnull=False).values_list("public_from", flat=True)
    return sorted(moment.timestamp() for moment in dates if moment is not None)


# Holes in a cached page, filled per request: the CSRF token and the cart count.
CSRF_HOLE = "csrf-token-hole-7c1e"
CART_HOLE = "cart-count-hole-7c1e"


def can_share_page(request) -> bool:
    """Anonymous GETs with no pending message look the same for everyone (but for the holes)."""
    from django.contrib.messages import get_messages

    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def shared_page(request, parts: tuple, build: Callable[[dict], str]) -> str:
    """The page ``build(holes)`` renders for an anonymous visitor, cached per catalogue version,
    path, language and currency; then this visitor's CSRF token and cart count filled in.

    ``build`` gets the context entries that stand in for the personal values; it must render
    every template of the page with them (``{% csrf_token %}`` and ``cart_item_count`` read them
    instead of the request's).
    """
    from django.middleware.csrf import get_token
    from django.utils.translation import get_language

    holes = {"csrf_token": CSRF_HOLE, "cart_item_count": CART_HOLE}
    key = ("page", request.get_full_path(), get_language(), request.currency, *parts)
    html = cached_fragment(key, lambda: build(holes))
    return html.replace(CSRF_HOLE, get_token(request)).replace(
        CART_HOLE, str(extensions.cart_item_count.only()(request))
    )


def on_catalogue_model_change(sender, **kwargs) -> None:
    catalogue_changed()
