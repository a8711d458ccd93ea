"""``/metrics`` (Prometheus) and ``/readyz`` (readiness): docs/operations.md, "Observability"."""

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from apps.core.views import database_answers, redis_answers

from .collectors import StorefrontCollector
from .selectors import outbox_state

_scrape_registry = CollectorRegistry(auto_describe=False)
_scrape_registry.register(StorefrontCollector())


def _allowed(request: HttpRequest) -> bool | None:
    """True when the request may read the metrics, False when not, None when the endpoint is
    not configured (no token and no network)."""
    token, networks = settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS
    if not token and not networks:
        return None
    if token:
        given = request.headers.get("Authorization", "")
        scheme, _space, value = given.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(value.strip(), token):
            return True
    if networks:
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(each, strict=False) for each in networks)
    return False


def _process_metrics() -> bytes:
    """This host's web processes' metrics: every gunicorn worker's (multiprocess files) or
    this process's own."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    allowed = _allowed(request)
    if allowed is None:
        raise Http404
    if not allowed:
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body = _process_metrics() + generate_latest(_scrape_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when this instance can serve: the database and Redis answer and the outbox's oldest
    undelivered event is younger than ``READYZ_MAX_OUTBOX_LAG``; 503 otherwise, with what
    failed. The ledger's invariants are not a readiness check: a ledger that does not add up is
    the same on every instance, so failing readiness would take them all out of the load
    balancer at once. They are a metric (``storefront_ledger_accounts_not_adding_up``, from
    ``collectors``) to alert on, and ``manage.py check_ledger``; docs/operations.md."""
    database = database_answers()
    checks: dict[str, object] = {"database": database, "redis": redis_answers()}
    healthy = all(checks.values())
    if database:
        lag = outbox_state().lag_seconds
        outbox_ok = lag <= settings.READYZ_MAX_OUTBOX_LAG
        checks["outbox"] = {"ok": outbox_ok, "lag_seconds": round(lag, 1)}
        healthy = healthy and outbox_ok
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
