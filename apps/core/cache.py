"""Django's Redis cache, keeping its ``redis.Redis`` clients instead of building one per call.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every cache operation;
with redis-py 8 each of those fills a table of a few hundred response callbacks, which cost more
CPU than the Redis round trip itself (about 0.4 ms per ``cache.get``, measured with cProfile on
the ledger's hot path). A client is thread-safe and cheap to keep; the connection pools were kept
already (and notice a fork by themselves).
"""

from django.core.cache.backends import redis as django_redis


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

    def count(self, key: str, timeout: int) -> int:
        """Add one to the counter ``key`` and return it; a new counter lives ``timeout``
        seconds. One round trip (Django's ``incr`` takes two and needs the key to exist)."""
        return self._count(key, timeout)[1]

    def get_and_count(self, key: str, counter: str, timeout: int) -> tuple[object, int]:
        """``get(key)`` and ``count(counter, timeout)`` in one round trip."""
        return self._count(counter, timeout, get=key)

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
        return (None if value is None else self._cache._serializer.loads(value)), results[-1]
