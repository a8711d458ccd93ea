"""The metrics read at scrape time (``selectors``) and the counters shared through Redis
(``apps.core.metrics.count``), as Prometheus metric families. A source that fails (the
database or Redis away) leaves its metrics out and says so in ``storefront_scrape_source_up``;
the others are still reported."""

import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from apps.core import metrics
from apps.integrations.webhooks.delivery import ATTEMPTS_METRIC
from apps.payments.webhooks import WEBHOOK_OUTCOMES

from . import selectors

logger = logging.getLogger(__name__)


def _outbox() -> Iterator[Metric]:
    state = selectors.outbox_state()
    yield GaugeMetricFamily(
        "storefront_outbox_lag_seconds",
        "Age of the oldest domain event not yet delivered to all its subscribers (0: none).",
        value=state.lag_seconds,
    )
    events = GaugeMetricFamily(
        "storefront_outbox_events",
        "Domain events waiting: queued (not yet taken by a delivery), waiting (a delivery to "
        "one subscriber), failing (of those, failed at least once).",
        labels=["state"],
    )
    events.add_metric(["queued"], state.queued)
    events.add_metric(["waiting"], state.waiting)
    events.add_metric(["failing"], state.failing)
    yield events


def _ledger() -> Iterator[Metric]:
    moved = selectors.points_last_minute()
    points = GaugeMetricFamily(
        "storefront_points_last_minute",
        "Points moved by ledger entries of the last 60 seconds, by kind (earn, spend, expire, "
        "adjust, clawback, restore, import), as positive amounts.",
        labels=["kind"],
    )
    for kind in ("earn", "spend", "expire", *sorted(set(moved) - {"earn", "spend", "expire"})):
        points.add_metric([kind], moved.get(kind, 0))
    yield points
    pending = selectors.pending_adjustments()
    yield GaugeMetricFamily(
        "storefront_adjustments_pending",
        "Staff points adjustments awaiting a second person's approval.",
        value=pending.count,
    )
    yield GaugeMetricFamily(
        "storefront_adjustments_pending_oldest_seconds",
        "Age of the oldest adjustment awaiting approval (0: none).",
        value=pending.oldest_seconds,
    )


def _ledger_invariants() -> Iterator[Metric]:
    """The ledger's invariants on a sample of accounts (``LEDGER_CHECK_SAMPLE``: those of the
    latest entries and a run from a random place): an alert, not a readiness check."""
    checked, broken = selectors.ledger_invariants(settings.LEDGER_CHECK_SAMPLE)
    yield GaugeMetricFamily(
        "storefront_ledger_accounts_checked",
        "Points accounts whose invariants (balances = entries = lots) this scrape checked.",
        value=checked,
    )
    yield GaugeMetricFamily(
        "storefront_ledger_accounts_not_adding_up",
        "Of those, the accounts that do not add up (any above 0: run manage.py check_ledger).",
        value=broken,
    )


def _webhooks() -> Iterator[Metric]:
    deliveries = GaugeMetricFamily(
        "storefront_webhook_deliveries",
        "Outgoing webhook deliveries pending (being tried) and failed (given up after every "
        "attempt or their endpoint removed).",
        labels=["status"],
    )
    retried = GaugeMetricFamily(
        "storefront_webhook_deliveries_retried",
        "Of those, the deliveries that failed at least one attempt.",
        labels=["status"],
    )
    for status, (total, failed_once) in selectors.webhook_deliveries().items():
        deliveries.add_metric([status], total)
        retried.add_metric([status], failed_once)
    yield deliveries
    yield retried


def _queues() -> Iterator[Metric]:
    found = selectors.queue_lengths()
    if found is None:
        raise ConnectionError("the Celery broker did not answer")
    lengths, unacked = found
    queue_length = GaugeMetricFamily(
        "storefront_celery_queue_length",
        "Celery messages waiting in each queue (not yet handed to a worker).",
        labels=["queue"],
    )
    for queue, length in lengths.items():
        queue_length.add_metric([queue], length)
    yield queue_length
    yield GaugeMetricFamily(
        "storefront_celery_unacked_messages",
        "Celery messages handed to a worker and not yet acknowledged (all queues).",
        value=unacked,
    )


def _shared_counter(name: str, documentation: str, metric: str, labels: list[str]) -> Metric:
    family = CounterMetricFamily(name, documentation, labels=labels)
    for found, value in sorted(metrics.shared_counts(metric), key=lambda item: str(item[0])):
        family.add_metric([str(found.get(label, "")) for label in labels], value)
    return family


def _counters() -> Iterator[Metric]:
    yield _shared_counter(
        "storefront_celery_tasks",
        "Celery tasks finished, by queue, task and outcome (success, failure, retry, revoked).",
        metrics.TASK_OUTCOMES,
        ["queue", "task", "outcome"],
    )
    yield _shared_counter(
        "storefront_webhook_attempts",
        "Outgoing webhook attempts by outcome (delivered: a 2xx answer; failed: anything else).",
        ATTEMPTS_METRIC,
        ["outcome"],
    )
    yield _shared_counter(
        "storefront_payment_webhooks",
        "Payment providers' webhooks received, by provider and outcome (order paid, duplicate, "
        "refused, ignored, ...).",
        WEBHOOK_OUTCOMES,
        ["provider", "outcome"],
    )


SOURCES: dict[str, Callable[[], Iterator[Metric]]] = {
    "outbox": _outbox,
    "ledger": _ledger,
    "ledger_invariants": _ledger_invariants,
    "webhooks": _webhooks,
    "queues": _queues,
    "counters": _counters,
}


class StorefrontCollector(Collector):
    """Everything above, read afresh at each scrape."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "storefront_scrape_source_up",
            "1 when the source's metrics could be read at this scrape, else 0.",
            labels=["source"],
        )
        for name, source in SOURCES.items():
            try:
                found = list(source())
            except Exception:  # a source away must not hide the others
                logger.warning("Metrics source %s could not be read", name, exc_info=True)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from found
        yield up
