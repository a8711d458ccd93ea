"""Per-key rate limit: a fixed one-minute window counted in Redis (atomic INCR), in the round
trip that authenticated the key (``integrations.keys.authenticate``).

DRF answers 429 with ``Retry-After`` (seconds to the next window). The limit is the key's own
``rate_limit`` or the setting ``API_RATE_LIMIT_PER_MINUTE``.
"""

import time
from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from ..keys import RATE_WINDOW_SECONDS, Caller

if TYPE_CHECKING:  # DRF's settings import this module; its views, at run time, import them
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiKeyRateThrottle(BaseThrottle):
    def allow_request(self, request: "Request", view: "APIView") -> bool:
        # An API key's request, counted already.
        caller: Caller | None = getattr(request.user, "caller", None)
        if caller is None:
            return True
        limit = caller.api_key.rate_limit or settings.API_RATE_LIMIT_PER_MINUTE
        self.retry_after = (caller.rate_window + 1) * RATE_WINDOW_SECONDS - time.time()
        return bool(caller.requests <= limit)

    def wait(self) -> float:
        return max(1.0, float(self.retry_after))
