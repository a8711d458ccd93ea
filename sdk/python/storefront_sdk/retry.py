"""Retries at the HTTP layer, so that every generated operation gets them."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx

RETRY_STATUSES = frozenset({429, 503})
# Repeating these cannot apply anything twice: reads, and writes carrying an Idempotency-Key
# (the server answers a repeat with the first response).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), or None when absent or garbled."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class RetryTransport(httpx.BaseTransport):
    """Sends a request again, the same request (so the same Idempotency-Key), when the server
    answers 429 or 503 (nothing was changed), waiting ``Retry-After`` when given, else an
    exponential backoff with jitter; and after a connection failure when repeating is safe.
    Gives up after ``max_retries`` and returns the last answer (or raises the last error)."""

    def __init__(
        self,
        wrapped: httpx.BaseTransport | None = None,
        *,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.wrapped = wrapped or httpx.HTTPTransport()
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep

    def _wait(self, attempt: int, response: httpx.Response | None) -> float:
        told = retry_after_seconds(response) if response is not None else None
        if told is None:
            told = self.backoff * 2**attempt * (1 + random.random() / 2)  # noqa: S311 (jitter)
        return min(told, self.max_wait)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        repeatable = request.method in SAFE_METHODS or "Idempotency-Key" in request.headers
        attempt = 0
        while True:
            try:
                response = self.wrapped.handle_request(request)
            except httpx.TransportError:
                if not repeatable or attempt >= self.max_retries:
                    raise
                self.sleep(self._wait(attempt, None))
                attempt += 1
                continue
            if response.status_code not in RETRY_STATUSES or attempt >= self.max_retries:
                return response
            response.read()
            response.close()
            self.sleep(self._wait(attempt, response))
            attempt += 1

    def close(self) -> None:
        self.wrapped.close()
