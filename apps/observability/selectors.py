"""What the metrics and ``/readyz`` read at the moment they are asked: the outbox, the broker's
queues, the ledger's last minute, adjustments waiting for approval, webhook deliveries. Each is
an index read or a scan of a table that stays small (said at each)."""

from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone

from apps.integrations.models import DeliveryStatus, WebhookDelivery
from apps.ledger.models import AdjustmentRequest, AdjustmentStatus
from apps.ledger.selectors import accounts_not_adding_up, ledger_sample
from config.celery import QUEUES

# kombu's Redis transport keeps a queue's messages of priority n (other than 0) in a list of its
# own: "<queue>\x06\x16<n>".
_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (0, 3, 6, 9)
_UNACKED = "unacked"  # kombu's hash of messages handed out and not yet acknowledged
OUTBOX_COUNT_CAP = 100_000  # counting a backlog stops here (a count is a scan)


@dataclass(frozen=True)
class OutboxState:
    queued: int  # events not yet taken by a delivery (capped at OUTBOX_COUNT_CAP)
    waiting: int  # deliveries waiting for a subscriber (failed ones included)
    failing: int  # ... of which failed at least once
    lag_seconds: float  # age of the oldest undelivered event (0 when none)


def outbox_state() -> OutboxState:
    """The outbox's backlog and lag. The oldest queued event by the primary key; deliveries
    are a table of what waits (normally a handful of rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT
                (SELECT count(*) FROM (SELECT 1 FROM core_outboxevent LIMIT %s) capped),
                (SELECT extract(epoch FROM clock_timestamp() - created_at)
                 FROM core_outboxevent ORDER BY id LIMIT 1),
                count(*), count(*) FILTER (WHERE attempts > 0),
                extract(epoch FROM clock_timestamp() - min(published_at))
            FROM core_eventdelivery
            """,
            [OUTBOX_COUNT_CAP],
        )
        queued, queued_age, waiting, failing, waiting_age = cursor.fetchone()
    ages = [float(age) for age in (queued_age, waiting_age) if age is not None]
    return OutboxState(
        queued=queued, waiting=waiting, failing=failing, lag_seconds=max(ages, default=0.0)
    )


def points_last_minute() -> dict[str, int]:
    """Points moved in the last 60 seconds, by entry kind (earn, spend, expire, ...), as
    positive amounts. By the entries' time index."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT kind, coalesce(sum(abs(points)), 0) FROM ledger_ledgerentry
            WHERE created_at >= clock_timestamp() - interval '60 seconds'
            GROUP BY kind
            """
        )
        return {kind: int(points) for kind, points in cursor.fetchall()}


@dataclass(frozen=True)
class PendingAdjustments:
    count: int
    oldest_seconds: float  # 0 when none


def pending_adjustments() -> PendingAdjustments:
    """Staff adjustments awaiting a second person's approval (a small table)."""
    found = AdjustmentRequest.objects.filter(status=AdjustmentStatus.AWAITING_APPROVAL).aggregate(
        waiting=Count("id"), oldest=Min("created_at")
    )
    oldest = found["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return PendingAdjustments(count=found["waiting"], oldest_seconds=max(age, 0.0))


def ledger_invariants(sample: int) -> tuple[int, int]:
    """Accounts checked and accounts not adding up, on a sample of ``sample`` accounts (index
    reads: ``ledger.selectors.ledger_sample`` and ``accounts_not_adding_up``)."""
    accounts = ledger_sample(sample)
    return len(accounts), len(accounts_not_adding_up(account_ids=accounts))


def webhook_deliveries() -> dict[str, tuple[int, int]]:
    """Webhook deliveries still pending and given up: ``{status: (count, failed at least
    once)}``. By the status index (delivered ones, the mass, are not read)."""
    rows = (
        WebhookDelivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED])
        .values("status")
        .annotate(total=Count("id"), retried=Count("id", filter=Q(attempts__gt=0)))
        .order_by()
    )
    found = {row["status"]: (row["total"], row["retried"]) for row in rows}
    return {status: found.get(status, (0, 0)) for status in ("pending", "failed")}


def _broker() -> redis.Redis:
    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=2
    )


def queue_lengths() -> tuple[dict[str, int], int] | None:
    """Messages waiting in each Celery queue (all priorities), and those handed out but not
    yet acknowledged (all queues); None when the broker does not answer."""
    try:
        with _broker().pipeline(transaction=False) as pipe:
            for queue in QUEUES:
                for step in _PRIORITY_STEPS:
                    pipe.llen(queue if not step else f"{queue}{_PRIORITY_SEPARATOR}{step}")
            pipe.hlen(_UNACKED)
            answers = pipe.execute()
    except redis.RedisError:
        return None
    steps = len(_PRIORITY_STEPS)
    lengths = {
        queue: sum(answers[index * steps : (index + 1) * steps])
        for index, queue in enumerate(QUEUES)
    }
    return lengths, int(answers[-1])
