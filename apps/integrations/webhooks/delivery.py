"""Delivering events: one ``WebhookDelivery`` per (event, endpoint), sent by a Celery task,
retried with exponential backoff, every attempt logged.

At-least-once: a receiver may see an event twice (a worker dying after the receiver answered,
a staff "resend"); the event id is stable, so receivers dedupe on it. Each attempt is claimed
with a conditional UPDATE on the attempt counter, so a redelivered or duplicated task never
sends the same attempt twice.
"""

import json
import logging
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import metrics

from ..errors import WebhookUrlRefused
from ..models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .endpoints import disable_endpoint, resolve
from .events import event_id_for
from .pinning import pinned_session
from .signing import SIGNATURE_HEADER, sign

logger = logging.getLogger(__name__)

RESPONSE_EXCERPT = 500
TIMEOUT = (5, 10)  # connect, read (seconds)
# How long a queued or claimed attempt may take before the minute job (``retry_due``) sends the
# next one: its message or its worker was lost. Past the task's hard time limit, so a slow send
# still running is never overtaken by the next attempt.
CLAIM_LEASE = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 15)
# Attempts counted by outcome for the metrics (docs/operations.md, "Metrics").
ATTEMPTS_METRIC = "webhook_attempts"


def subscribed_endpoints(event_type: str) -> list[WebhookEndpoint]:
    endpoints = WebhookEndpoint.objects.filter(is_active=True, deleted_at__isnull=True)
    return [endpoint for endpoint in endpoints if endpoint.wants(event_type)]


def enqueue_event(event_type: str, *, key: str, data: Callable[[], dict[str, Any]]) -> int:
    """Record ``event_type`` for every endpoint that wants it and queue the deliveries.

    ``key`` identifies the happening (e.g. the ledger entry id): the same (type, key) is one
    event with one id, recorded at most once per endpoint. ``data`` is called only when some
    endpoint listens. Returns how many deliveries were created.
    """
    endpoints = subscribed_endpoints(event_type)
    if not endpoints:
        return 0
    event_id = event_id_for(event_type, key)
    body = json.dumps(
        {
            "id": event_id,
            "type": event_type,
            "created_at": timezone.now().isoformat().replace("+00:00", "Z"),
            "data": data(),
        },
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )
    created = 0
    for endpoint in endpoints:
        delivery, is_new = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint,
            event_id=event_id,
            defaults={
                "event_type": event_type,
                "body": body,
                "attempt_limit": settings.WEBHOOK_MAX_ATTEMPTS,
                "next_attempt_at": timezone.now() + CLAIM_LEASE,  # should its task be lost
            },
        )
        if is_new:
            _queue(delivery.pk, attempt=1)
            created += 1
    return created


def _queue(delivery_id: int, *, attempt: int, countdown: float = 0) -> None:
    from ..tasks import deliver_webhook

    transaction.on_commit(
        lambda: deliver_webhook.apply_async((delivery_id, attempt), countdown=countdown)
    )


def backoff_seconds(attempt: int) -> float:
    """Wait before attempt ``attempt + 1``: base x 2^(attempt-1), capped, with some jitter."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS
    delay = min(base * 2 ** (attempt - 1), settings.WEBHOOK_RETRY_MAX_SECONDS)
    jitter = random.uniform(0, base / 2)  # noqa: S311 - jitter, not security
    return float(delay + jitter)


def attempt_delivery(*, delivery_id: int, attempt: int, resumed: bool = False) -> str:
    """Send attempt number ``attempt`` of a delivery, if it is still due; log it; schedule the
    next one or give up. Returns what happened (for the task's result and logs).

    The claim holds the delivery for ``CLAIM_LEASE``: an attempt whose outcome is never
    recorded (its worker died, or the database went away after the claim) is due again after
    it, and the minute job queues the next attempt. ``resumed``: the task's own retry (the
    database went away), which takes up the attempt it may have claimed already."""
    claimable = (
        Q(attempts=attempt - 1) | Q(attempts=attempt) if resumed else Q(attempts=attempt - 1)
    )
    claimed = WebhookDelivery.objects.filter(
        claimable,
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        endpoint__is_active=True,
    ).update(attempts=attempt, next_attempt_at=timezone.now() + CLAIM_LEASE)
    if not claimed:
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    log = _send(delivery, attempt)
    metrics.count(ATTEMPTS_METRIC, outcome="delivered" if log.succeeded else "failed")
    if log.succeeded:
        _delivered(delivery)
        return "delivered"
    return _failed(delivery, attempt)


def _send(delivery: WebhookDelivery, attempt: int) -> WebhookAttempt:
    endpoint = delivery.endpoint
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ExportStorefront-Webhooks/1",
        SIGNATURE_HEADER: sign(secret=endpoint.secret, body=body),
        "Storefront-Event-Id": delivery.event_id,
        "Storefront-Event-Type": delivery.event_type,
        "Storefront-Delivery-Attempt": str(attempt),
    }
    log = WebhookAttempt(delivery=delivery, number=attempt)
    started = time.monotonic()
    try:
        address = resolve(endpoint.url)  # checked; the connection goes to it, not to a new lookup
        with (
            pinned_session(endpoint.url, address) as session,
            session.post(
                endpoint.url,
                data=body,
                headers=headers,
                timeout=TIMEOUT,
                allow_redirects=False,
                stream=True,
                verify=settings.WEBHOOK_CA_BUNDLE or True,
            ) as response,
        ):
            log.status_code = response.status_code
            excerpt = response.raw.read(RESPONSE_EXCERPT, decode_content=True) or b""
            log.response_excerpt = excerpt.decode("utf-8", "replace")
    except WebhookUrlRefused as error:
        log.error = str(error.message)[:300]
    except requests.RequestException as error:
        log.error = f"{type(error).__name__}: {error}"[:300]
    log.duration_ms = int((time.monotonic() - started) * 1000)
    log.save()
    return log


def _delivered(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.DELIVERED, delivered_at=timezone.now()
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, consecutive_failures__gt=0).update(
        consecutive_failures=0
    )


def _failed(delivery: WebhookDelivery, attempt: int) -> str:
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    failures = (
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
        .values_list("consecutive_failures", flat=True)
        .get()
    )
    if failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES:
        disable_endpoint(
            endpoint_id=delivery.endpoint_id,
            reason=_("%(count)s failed deliveries in a row") % {"count": failures},
        )
        logger.warning(
            "Webhook endpoint %s disabled after %s failures", delivery.endpoint_id, failures
        )
        return "endpoint disabled"
    # Only while this attempt is the delivery's latest (a later one may have been sent since).
    current = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=attempt
    )
    if attempt >= delivery.attempt_limit:
        current.update(status=DeliveryStatus.FAILED)
        return "gave up"
    countdown = backoff_seconds(attempt)
    current.update(next_attempt_at=timezone.now() + timedelta(seconds=countdown))
    # A task waiting for its countdown is held unacknowledged by a worker, and the broker hands
    # it out again after its visibility timeout: longer waits are left to ``retry_due``.
    if countdown <= settings.WEBHOOK_RETRY_COUNTDOWN_MAX_SECONDS:
        _queue(delivery.pk, attempt=attempt + 1, countdown=countdown)
    return "retry scheduled"


def retry_due(*, as_of: datetime, limit: int = 1000) -> int:
    """Queue the next attempt of every waiting delivery due by ``as_of`` (every minute, beat):
    retries that wait longer than a countdown may, and retries whose message was lost. A delivery
    queued twice is sent once (each attempt is claimed). Returns how many were queued."""
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=as_of,
        attempts__lt=F("attempt_limit"),
        endpoint__is_active=True,
    ).order_by("next_attempt_at")
    rows = list(due.values_list("pk", "attempts")[:limit])
    for delivery_id, attempts in rows:
        _queue(delivery_id, attempt=attempts + 1)
    return len(rows)


def resend(*, delivery: WebhookDelivery) -> bool:
    """Staff send a delivery again now (delivered, failed or waiting), with a fresh budget of
    attempts. False when its endpoint is disabled or deleted."""
    endpoint = delivery.endpoint
    if not endpoint.is_active or endpoint.deleted_at is not None:
        return False
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        locked.status = DeliveryStatus.PENDING
        locked.attempt_limit = locked.attempts + settings.WEBHOOK_MAX_ATTEMPTS
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "attempt_limit", "next_attempt_at"])
        _queue(locked.pk, attempt=locked.attempts + 1)
    return True
