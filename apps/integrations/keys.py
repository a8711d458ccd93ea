"""API keys: created with their scopes, shown once, stored as a SHA-256 hash, revoked for good.

A key looks like ``sfk_<prefix>_<secret>``; the prefix identifies it in the admin and in logs,
the secret never leaves the response that created it.

Each process remembers the keys it has seen, valid while the shared key generation (one value
in Redis) stays the same: any change to a key (revoked, scopes, rate limit, deleted) sets a new
generation once committed, so every process reads keys afresh on its next request. A request
costs one Redis round trip instead of a database query (the same round trip counts it for the
key's rate limit), and a revocation applies at once.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from apps.core.cache import cache

from .errors import UnknownScope
from .models import DEFAULT_MAX_POINTS_PER_CALL, DEFAULT_MAX_POINTS_PER_DAY, ApiKey
from .scopes import ALL_SCOPES

if TYPE_CHECKING:
    from apps.accounts.models import User

KEY_PREFIX = "sfk"
# last_used_at is written at most this often per key, so reads stay reads.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewApiKey:
    api_key: ApiKey
    key: str  # the only time the full key exists outside the caller's hands


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_key(
    *,
    name: str,
    scopes: list[str],
    created_by: "User | None" = None,
    rate_limit: int | None = None,
    max_points_per_call: int = DEFAULT_MAX_POINTS_PER_CALL,
    max_points_per_day: int = DEFAULT_MAX_POINTS_PER_DAY,
) -> NewApiKey:
    """Create a key with ``scopes`` (acting for ``created_by``, a staff user, in adjustments)
    and its points limits; the returned ``key`` is shown once and never stored.

    Raises ``UnknownScope`` for a scope that does not exist.
    """
    for scope in scopes:
        if scope not in ALL_SCOPES:
            raise UnknownScope(UnknownScope.default_message % {"scope": scope}, scope=scope)
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(30)}"
    api_key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        hashed_key=hash_key(key),
        scopes=sorted(set(scopes)),
        rate_limit=rate_limit,
        max_points_per_call=max_points_per_call,
        max_points_per_day=max_points_per_day,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    return NewApiKey(api_key=api_key, key=key)


def revoke_api_key(*, api_key: ApiKey) -> ApiKey:
    """Revoke ``api_key`` for good (idempotent: the first revocation time is kept)."""
    with transaction.atomic():  # with Redis down, refused (503) rather than half done
        revoked = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True)
        revoked.update(revoked_at=timezone.now())
        keys_changed()
    api_key.refresh_from_db(fields=["revoked_at"])
    return api_key


GENERATION_KEY = "api-keys:generation"
KNOWN_KEYS_LIMIT = 1000
_known: dict[str, tuple[str | None, ApiKey]] = {}  # hashed key -> (generation, key), this process


def keys_changed(**_signal: object) -> None:
    """Make every process forget the keys it knows: now, and again once the change is committed
    (a process reading keys in between would remember the old state under the new generation)."""

    def new_generation() -> None:
        # Forgotten (the next reader starts a generation): unlike a set, this fails closed with
        # Redis down, so a revocation is refused rather than lost (apps.core.cache).
        cache.forget(GENERATION_KEY)

    new_generation()
    transaction.on_commit(new_generation)


def _generation() -> str | None:
    """The current generation of known keys; None with Redis down."""
    generation: str | None = cache.get(GENERATION_KEY)
    if generation is None:  # first use, or Redis lost it: start one (every process agrees)
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


# Rate limits: requests per key in fixed one-minute windows, counted in Redis.
RATE_WINDOW_SECONDS = 60


def rate_counter(api_key_id: int, window: int) -> str:
    return f"api-rate:{api_key_id}:{window}"


def count_request(api_key: ApiKey, window: int) -> int:
    """Count a request of ``api_key`` in the rate window ``window``; the count so far."""
    count: int = cache.count(rate_counter(api_key.pk, window), timeout=RATE_WINDOW_SECONDS * 2)
    return count


@dataclass(frozen=True)
class Caller:
    api_key: ApiKey
    rate_window: int  # this request is counted in that window...
    requests: int  # ...as its requests-th


def authenticate(key: str, *, now: float) -> Caller | None:
    """The active key matching ``key`` with this request counted for its rate limit (window of
    ``now``, a Unix time), or None. Records when the key was last used. For a key this process
    knows, checking that it is still current and counting the request take one Redis round
    trip."""
    if not key.startswith(f"{KEY_PREFIX}_") or len(key) > 100:
        return None
    hashed, window = hash_key(key), int(now // RATE_WINDOW_SECONDS)
    known = _known.get(hashed)
    if known is not None:
        generation, requests = cache.get_and_count(
            GENERATION_KEY,
            rate_counter(known[1].pk, window),
            timeout=RATE_WINDOW_SECONDS * 2,
        )
        if generation == known[0]:
            return Caller(_used(known[1]), window, requests)
    api_key = _read_key(hashed)
    if api_key is None:
        return None  # (a request of a known key just revoked was counted: it is refused anyway)
    if known is None or known[1].pk != api_key.pk:
        requests = count_request(api_key, window)
    return Caller(_used(api_key), window, requests)


def _read_key(hashed: str) -> ApiKey | None:
    """The active key with this hash from the database, remembered under the current
    generation."""
    generation = _generation()
    api_key = ApiKey.objects.filter(hashed_key=hashed, revoked_at__isnull=True).first()
    if api_key is not None:
        if len(_known) >= KNOWN_KEYS_LIMIT:
            _known.clear()
        _known[hashed] = (generation, api_key)
    return api_key


def _used(api_key: ApiKey) -> ApiKey:
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
