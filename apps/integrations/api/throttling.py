"""Per-key rate limit: a fixed one-minute window counted in Redis (atomic INCR), in the round
trip that authenticated the key (``integrations.keys.authenticate``).

DRF answers 429 with ``Retry-After`` (seconds to the next window). The limit is the key's own
``rate_limit`` or the setting ``API_RATE_LIMIT_PER_MINUTE``.
"""

import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from ..keys import RATE_WINDOW_SECONDS, count_request


class ApiKeyRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        api_key = request.auth
        if api_key is None:
            return True
        limit = api_key.rate_limit or settings.API_RATE_LIMIT_PER_MINUTE
        caller = getattr(request.user, "caller", None)
        if caller is not None and caller.api_key is api_key:
            window, requests = caller.rate_window, caller.requests  # counted already
        else:
            window = int(time.time() // RATE_WINDOW_SECONDS)
            requests = count_request(api_key, window)
        self.retry_after = (window + 1) * RATE_WINDOW_SECONDS - time.time()
        return requests <= limit

    def wait(self) -> float:
        return max(1.0, self.retry_after)
