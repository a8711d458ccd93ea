"""Per-key rate limit: a fixed one-minute window counted in Redis (atomic INCR, one round trip:
``apps.core.cache.RedisCache.count``).

DRF answers 429 with ``Retry-After`` (seconds to the next window). The limit is the key's own
``rate_limit`` or the setting ``API_RATE_LIMIT_PER_MINUTE``.
"""

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

WINDOW_SECONDS = 60


class ApiKeyRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        api_key = request.auth
        if api_key is None:
            return True
        limit = api_key.rate_limit or settings.API_RATE_LIMIT_PER_MINUTE
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        counter = f"api-rate:{api_key.pk}:{window}"
        count = cache.count(counter, timeout=WINDOW_SECONDS * 2)
        self.retry_after = WINDOW_SECONDS - (now % WINDOW_SECONDS)
        return count <= limit

    def wait(self) -> float:
        return max(1.0, self.retry_after)
