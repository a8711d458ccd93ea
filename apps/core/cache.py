"""Django's Redis cache, keeping its ``redis.Redis`` clients instead of building one per call.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every cache operation;
with redis-py 8 each of those fills a table of a few hundred response callbacks, which cost more
CPU than the Redis round trip itself (about 0.4 ms per ``cache.get``, measured with cProfile on
the ledger's hot path). A client is thread-safe and cheap to keep; the connection pools were kept
already (and notice a fork by themselves).

With Redis down, Django's cache API **fails open**: reads answer "not cached", writes and
deletes are skipped (``add`` answers "added", so allauth's rate-limit lock is granted) and
rate-limit counters answer "first request", each with a log line, so pages render from the
database, sessions (in the database) and sign-in work and API calls are not refused for want of
a counter. After a failure the process does not try Redis again for ``FAILED_PAUSE_SECONDS``
(no connect timeout per call). What a lost write would make wrong fails closed: ``forget``
(dropping what other processes cached: a lost one would serve stale data, or a revoked API key,
once Redis is back), ``incr`` and ``clear`` raise ``CacheUnavailable``, which the web answers
with 503 and ``Retry-After`` (``apps.core.unavailable``).
"""

import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from django.core.cache import cache as default_cache
from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAILED_PAUSE_SECONDS = 5.0
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class CacheUnavailable(Exception):
    """Redis could not be reached for an operation that must not be skipped."""


class _Outage:
    """When this process last found Redis down (shared by every thread's cache instance)."""

    lock = threading.Lock()
    until = 0.0  # time.monotonic() before which Redis is not tried


def _fails_open(default):
    """Wrap a cache method: with Redis down, log and answer ``default`` (a callable of the
    call's arguments)."""

    def wrap(method):
        def fail_open(self, *args, **kwargs):
            if time.monotonic() < _Outage.until:
                return default(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except REDIS_DOWN as error:
                _went_down(method.__name__, error)
                return default(*args, **kwargs)

        fail_open.__name__ = method.__name__
        fail_open.__doc__ = method.__doc__
        return fail_open

    return wrap


def _fails_closed(method):
    def fail_closed(self, *args, **kwargs):
        if time.monotonic() < _Outage.until:
            raise CacheUnavailable(method.__name__)
        try:
            return method(self, *args, **kwargs)
        except REDIS_DOWN as error:
            _went_down(method.__name__, error)
            raise CacheUnavailable(method.__name__) from error

    fail_closed.__name__ = method.__name__
    fail_closed.__doc__ = method.__doc__
    return fail_closed


def _went_down(operation: str, error: Exception) -> None:
    with _Outage.lock:
        _Outage.until = time.monotonic() + FAILED_PAUSE_SECONDS
    logger.warning(
        "Redis unavailable (%s: %s); the cache answers without it for %s s",
        operation,
        error,
        FAILED_PAUSE_SECONDS,
    )


def _miss(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _true(*args, **kwargs):
    return True


def _first_count(*args, **kwargs):
    return 1


def _none_and_first_count(*args, **kwargs):
    return None, 1


def _empty(*args, **kwargs):
    return {}


def _counter_lost(key, amount, *args, **kwargs):
    """A counter Redis cannot reach counts as new, holding only this call's amount: the caller
    rebuilds what it needs from the database (e.g. an API key's points today)."""
    return True, amount


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    get = _fails_open(_miss)(django_redis.RedisCache.get)
    get_many = _fails_open(_empty)(django_redis.RedisCache.get_many)
    has_key = _fails_open(_false)(django_redis.RedisCache.has_key)
    set = _fails_open(_nothing)(django_redis.RedisCache.set)
    add = _fails_open(_true)(django_redis.RedisCache.add)
    set_many = _fails_open(lambda data, *args, **kwargs: list(data))(
        django_redis.RedisCache.set_many
    )
    touch = _fails_open(_false)(django_redis.RedisCache.touch)
    delete = _fails_open(_false)(django_redis.RedisCache.delete)
    delete_many = _fails_open(_nothing)(django_redis.RedisCache.delete_many)
    incr = _fails_closed(django_redis.RedisCache.incr)
    clear = _fails_closed(django_redis.RedisCache.clear)

    @_fails_closed
    def forget(self, *keys: str) -> None:
        """Delete ``keys`` that other processes read (invalidation): raises
        ``CacheUnavailable`` with Redis down, so that the change is refused rather than left
        behind a stale copy."""
        django_redis.RedisCache.delete_many(self, keys)

    @_fails_open(_first_count)
    def count(self, key: str, timeout: int) -> int:
        """Add one to the counter ``key`` and return it; a new counter lives ``timeout``
        seconds. One round trip (Django's ``incr`` takes two and needs the key to exist)."""
        return self._count(key, timeout)[1]

    @_fails_open(_none_and_first_count)
    def get_and_count(self, key: str, counter: str, timeout: int) -> tuple[object, int]:
        """``get(key)`` and ``count(counter, timeout)`` in one round trip."""
        return self._count(counter, timeout, get=key)

    @_fails_open(_counter_lost)
    def add_to_counter(self, key: str, amount: int, timeout: int) -> tuple[bool, int]:
        """Add ``amount`` (may be negative) to the counter ``key``: (whether this call started
        the counter, its new value); a new counter lives ``timeout`` seconds. One round trip."""
        key = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incrby(key, amount)
        started, total = pipeline.execute()
        return bool(started), total

    def _count(self, counter: str, timeout: int, *, get: str | None = None) -> tuple[object, int]:
        counter = self.make_and_validate_key(counter)
        pipeline = self._cache.get_client(counter, write=True).pipeline(transaction=False)
        if get is not None:
            pipeline.get(self.make_and_validate_key(get))
        pipeline.set(counter, 0, ex=timeout, nx=True)
        pipeline.incr(counter)
        results = pipeline.execute()
        value = results[0] if get is not None else None
        serializer = self._cache._serializer  # type: ignore[attr-defined]  # private in django-stubs
        return (None if value is None else serializer.loads(value)), results[-1]


# ``django.core.cache.cache`` as what settings.CACHES makes it (the same proxy object): code that
# calls ``forget``, ``count``, ``get_and_count`` or ``add_to_counter`` imports this one.
cache = cast(RedisCache, default_cache)


T = TypeVar("T")


class ProcessMemo(Generic[T]):
    """One value kept in this process for ``seconds`` (a settings row, the tiers): read again
    at most that often, and at once after ``forget`` (a change this process made itself).

    Other processes see a change within ``seconds``; use it only where that is acceptable."""

    _every: "weakref.WeakSet[ProcessMemo]" = weakref.WeakSet()

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._kept: tuple[float, T] | None = None
        ProcessMemo._every.add(self)

    @classmethod
    def every(cls) -> list["ProcessMemo"]:
        """Every memo of the process (the tests hold them steady, or forget them all)."""
        return list(cls._every)

    def get(self, load: Callable[[], T]) -> T:
        kept = self._kept
        if kept is not None and time.monotonic() - kept[0] < self.seconds:
            return kept[1]
        value = load()
        self._kept = (time.monotonic(), value)
        return value

    def forget(self) -> None:
        self._kept = None
