"""Metrics for Prometheus, in two kinds by where they are counted (docs/operations.md,
"Metrics"):

- **Per process, on the hot path**: each web request is counted and timed per view
  (``RequestMetricsMiddleware``) with ``prometheus_client``. Gunicorn runs several worker
  processes: with ``PROMETHEUS_MULTIPROC_DIR`` set (``config/gunicorn.py``), each writes its
  values to files there and a scrape adds up the host's processes. Without it (``runserver``,
  tests) the values live in the process.
- **Across processes and machines**: what Celery workers and web processes on any host count
  now and then (task outcomes per queue, webhook attempts, payment webhook outcomes) is added
  to a Redis hash (``count``: one ``HINCRBY``), and a scrape of any web host reads it
  (``shared_counts``). A Redis restart starts the counters again from zero, which Prometheus'
  ``rate()`` takes as a counter reset. With Redis away a count is lost, never an error.

What the database and the broker hold (queue depths, outbox lag, points per minute, pending
adjustments) is read at scrape time by ``apps.observability.collectors``.
"""

import json
import logging
import time
from collections.abc import Callable

import redis
from celery import signals
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "storefront_http_requests",
    "Web requests answered, by view (URL name), method and status code.",
    ["view", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "storefront_http_request_duration_seconds",
    "Time to answer a web request, by view (URL name) and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def view_label(request: HttpRequest) -> str:
    """The view's URL name (``namespace:name``), else its function's path; ``unresolved`` for
    addresses no URL matched (404s of scanners must not make a label each)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or match._func_path


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_label(request)
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(view, method).observe(elapsed)
        return response


# Counters shared through Redis -------------------------------------------------------------

KEY_PREFIX = "storefront:metrics:"
_client: redis.Redis | None = None


def _redis() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
    return _client


# After Redis failed, counts are dropped for this long without trying (a hung Redis must not
# slow every task and webhook by the socket timeout).
PAUSE_AFTER_FAILURE = 5.0
_failed_at = float("-inf")


def count(metric: str, amount: int = 1, **labels: str) -> None:
    """Add ``amount`` to the shared counter ``metric`` with these labels. Never raises."""
    global _failed_at
    if time.monotonic() - _failed_at < PAUSE_AFTER_FAILURE:
        return
    field = json.dumps(labels, sort_keys=True, separators=(",", ":"))
    try:
        _redis().hincrby(KEY_PREFIX + metric, field, amount)
    except redis.RedisError:
        _failed_at = time.monotonic()
        logger.warning("Metric %s not counted (Redis unavailable)", metric, exc_info=True)


def shared_counts(metric: str) -> list[tuple[dict[str, str], int]]:
    """Every label set of ``metric`` with its count (empty when Redis is away)."""
    try:
        values = _redis().hgetall(KEY_PREFIX + metric)
    except redis.RedisError:
        logger.warning("Shared metric %s not read (Redis unavailable)", metric, exc_info=True)
        return []
    return [(json.loads(field), int(value)) for field, value in values.items()]


# Celery task outcomes, per queue -------------------------------------------------------------

TASK_OUTCOMES = "celery_tasks"


def task_queue(task) -> str:
    """The queue the task came from (its message's routing key; eager: where it would go)."""
    delivery = getattr(task.request, "delivery_info", None) or {}
    queue = delivery.get("routing_key")
    if queue:
        return str(queue)
    route = task.app.amqp.router.route({}, task.name)
    return str(getattr(route.get("queue"), "name", route.get("queue", "")) or "ledger")


def _count_task(task, outcome: str) -> None:
    if task is None:
        return
    count(TASK_OUTCOMES, queue=task_queue(task), task=task.name, outcome=outcome)


@signals.task_success.connect
def _task_succeeded(sender=None, **_kwargs) -> None:
    _count_task(sender, "success")


@signals.task_failure.connect
def _task_failed(sender=None, **_kwargs) -> None:
    _count_task(sender, "failure")


@signals.task_retry.connect
def _task_retried(sender=None, **_kwargs) -> None:
    _count_task(sender, "retry")


@signals.task_revoked.connect
def _task_revoked(sender=None, **_kwargs) -> None:
    _count_task(sender, "revoked")
