"""503 with ``Retry-After`` for requests that need Redis or the database while it is away.

Most requests do not need Redis (the cache fails open: ``apps.core.cache``; sessions are in the
database; events wait in the outbox). Those that do (forgetting cached data after a change,
queueing a task directly) raise one of ``SERVICE_DOWN``; their transaction has rolled back, so
nothing was half done, and the client is told to try again shortly rather than shown a 500.

The same for the database: while PostgreSQL restarts (or fails over) a request's connection is
refused, or terminated under it; its transaction did not commit (or committed before the
answer was lost: an API write sent again with its Idempotency-Key is answered from what was
stored, never applied twice), so it is told to try again (``database_unreachable``). Errors of
a working connection (a constraint, a deadlock, a timeout) stay what they are.

The API's exception handler answers the same in its own error shape.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from .cache import REDIS_DOWN, CacheUnavailable
from .database_errors import database_unreachable

logger = logging.getLogger(__name__)

SERVICE_DOWN = (CacheUnavailable, BrokerUnavailable, *REDIS_DOWN)
RETRY_AFTER_SECONDS = 30
MESSAGE = _("The shop is briefly unavailable. Please try again in a moment.")


def is_service_down(error: BaseException) -> bool:
    return isinstance(error, SERVICE_DOWN) or database_unreachable(error)


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
        away = "database" if database_unreachable(exception) else "Redis"
        logger.warning("503 for %s: %s unavailable (%r)", request.path, away, exception)
        try:
            response = render(request, "503.html", {"message": MESSAGE}, status=503)
        except Exception as error:
            if not is_service_down(error):
                raise
            # The layout needs the database (the visitor, the cart, the merchant's details):
            # a page that needs nothing.
            page = render_to_string("503_minimal.html", {"message": MESSAGE})
            response = HttpResponse(page, status=503)
        for header, value in retry_after_headers().items():
            response[header] = value
        return response
