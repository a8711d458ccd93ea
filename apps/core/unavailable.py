"""503 with ``Retry-After`` for requests that need Redis while it is down.

Most requests do not need Redis (the cache fails open: ``apps.core.cache``; sessions are in the
database; events wait in the outbox). Those that do (forgetting cached data after a change,
queueing a task directly) raise one of ``SERVICE_DOWN``; their transaction has rolled back, so
nothing was half done, and the client is told to try again shortly rather than shown a 500.
The API's exception handler answers the same in its own error shape.
"""

import logging

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from .cache import REDIS_DOWN, CacheUnavailable

logger = logging.getLogger(__name__)

SERVICE_DOWN = (CacheUnavailable, BrokerUnavailable, *REDIS_DOWN)
RETRY_AFTER_SECONDS = 30
MESSAGE = _("The shop is briefly unavailable. Please try again in a moment.")


def is_service_down(error: BaseException) -> bool:
    return isinstance(error, SERVICE_DOWN)


def retry_after_headers() -> dict[str, str]:
    return {"Retry-After": str(RETRY_AFTER_SECONDS)}


class ServiceUnavailableMiddleware:
    """Turn ``SERVICE_DOWN`` errors into a translated 503 page with ``Retry-After``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_service_down(exception):
            return None
        logger.warning("503 for %s: Redis unavailable (%r)", request.path, exception)
        response = render(request, "503.html", {"message": MESSAGE}, status=503)
        for header, value in retry_after_headers().items():
            response[header] = value
        return response
