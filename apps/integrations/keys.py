"""API keys: created with their scopes, shown once, stored as a SHA-256 hash, revoked for good.

A key looks like ``sfk_<prefix>_<secret>``; the prefix identifies it in the admin and in logs,
the secret never leaves the response that created it.

Each process remembers the keys it has seen, valid while the shared key generation (one value
in Redis) stays the same: any change to a key (revoked, scopes, rate limit, deleted) sets a new
generation once committed, so every process reads keys afresh on its next request. A request
costs one Redis read instead of a database query, and a revocation applies at once.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .errors import UnknownScope
from .models import ApiKey
from .scopes import ALL_SCOPES

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
    *, name: str, scopes: list[str], created_by=None, rate_limit: int | None = None
) -> NewApiKey:
    """Create a key with ``scopes``; the returned ``key`` is shown once and never stored.

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
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    return NewApiKey(api_key=api_key, key=key)


def revoke_api_key(*, api_key: ApiKey) -> ApiKey:
    """Revoke ``api_key`` for good (idempotent: the first revocation time is kept)."""
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    keys_changed()
    api_key.refresh_from_db(fields=["revoked_at"])
    return api_key


GENERATION_KEY = "api-keys:generation"
KNOWN_KEYS_LIMIT = 1000
_known: dict[str, tuple[str, ApiKey]] = {}  # hashed key -> (generation, key), this process


def keys_changed(**_signal) -> None:
    """Make every process forget the keys it knows: now, and again once the change is committed
    (a process reading keys in between would remember the old state under the new generation)."""

    def new_generation() -> None:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)

    new_generation()
    transaction.on_commit(new_generation)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # first use, or Redis lost it: start one (every process agrees)
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def active_key(key: str) -> ApiKey | None:
    """The active (not revoked) key matching ``key``, or None. Records when it was last used."""
    if not key.startswith(f"{KEY_PREFIX}_") or len(key) > 100:
        return None
    hashed, generation = hash_key(key), _generation()
    known = _known.get(hashed)
    if known is not None and known[0] == generation:
        api_key = known[1]
    else:
        api_key = ApiKey.objects.filter(hashed_key=hashed, revoked_at__isnull=True).first()
        if api_key is None:
            return None
        if len(_known) >= KNOWN_KEYS_LIMIT:
            _known.clear()
        _known[hashed] = (generation, api_key)
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
