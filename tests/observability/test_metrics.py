"""/metrics: who may read it, and what it says after real requests, tasks and writes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.models import OutboxEvent
from apps.ledger import services as ledger
from apps.ledger.models import AdjustmentRequest
from config.celery import app

from .conftest import value

pytestmark = pytest.mark.django_db


def test_without_a_token_or_network_configured_the_endpoint_is_not_there(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS = "", []

    assert client.get("/metrics").status_code == 404


def test_the_token_is_required_when_set(client, metrics_token):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")

    right = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {metrics_token}")

    assert right.status_code == 200
    assert right["Content-Type"].startswith("text/plain; version=")
    assert b"storefront_outbox_lag_seconds" in right.content


def test_an_allowed_network_reads_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]

    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.9").status_code == 401


def test_requests_are_counted_and_timed_per_view(client, scrape):
    before = scrape()

    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    client.get("/no-such-page-anywhere/")

    after = scrape()
    counted = ("storefront_http_requests_total", {"view": "healthz", "method": "GET"})
    assert (
        value(after, counted[0], status="200", **counted[1])
        - value(before, counted[0], status="200", **counted[1])
        == 3
    )
    timed = "storefront_http_request_duration_seconds_count"
    assert (
        value(after, timed, view="healthz", method="GET")
        - value(before, timed, view="healthz", method="GET")
        == 3
    )
    # An address no URL matched is one label, whatever the address.
    assert value(after, counted[0], view="unresolved", method="GET", status="404") >= 1


def test_outbox_lag_is_the_age_of_the_oldest_undelivered_event(scrape):
    OutboxEvent.objects.create(
        name="order.paid", payload={}, created_at=timezone.now() - timedelta(minutes=5)
    )

    metrics = scrape()

    assert 295 <= value(metrics, "storefront_outbox_lag_seconds") < 400
    assert value(metrics, "storefront_outbox_events", state="queued") == 1


def test_points_of_the_last_minute_and_pending_adjustments(scrape, member, staff):
    ledger.earn(member=member, points=250, reason="Order", idempotency_key="o-1")
    ledger.spend(member=member, points=40, reason="Reward", idempotency_key="s-1")
    AdjustmentRequest.objects.create(
        member=member, points=5000, reason="Goodwill", requested_by=staff
    )

    metrics = scrape()

    assert value(metrics, "storefront_points_last_minute", kind="earn") == 250
    assert value(metrics, "storefront_points_last_minute", kind="spend") == 40
    assert value(metrics, "storefront_points_last_minute", kind="expire") == 0
    assert value(metrics, "storefront_adjustments_pending") == 1


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_celery_queue_depths_come_from_the_broker(scrape):
    with app.connection_for_write() as connection:
        connection.default_channel.client.delete("notifications")
    app.send_task("notifications.deliver", kwargs={"notification_id": 0}, queue="notifications")
    try:
        metrics = scrape()
    finally:
        with app.connection_for_write() as connection:
            connection.default_channel.client.delete("notifications")

    assert value(metrics, "storefront_celery_queue_length", queue="notifications") == 1
    assert value(metrics, "storefront_scrape_source_up", source="queues") == 1


def test_task_outcomes_are_counted_per_queue(scrape):
    from apps.core.tasks import clear_expired_sessions

    before = scrape()
    clear_expired_sessions.delay()
    after = scrape()

    labels = {"queue": "ledger", "task": "core.clear_expired_sessions", "outcome": "success"}
    assert value(after, "storefront_celery_tasks_total", **labels) == (
        value(before, "storefront_celery_tasks_total", **labels) + 1
    )


def test_payment_webhook_outcomes_are_counted(client, scrape, settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    before = scrape()

    response = client.post("/payments/webhooks/stripe/", data="{}", content_type="application/json")

    assert response.status_code == 400
    after = scrape()
    labels = {"provider": "stripe", "outcome": "refused"}
    assert value(after, "storefront_payment_webhooks_total", **labels) == (
        value(before, "storefront_payment_webhooks_total", **labels) + 1
    )


def test_a_source_that_fails_is_reported_and_the_others_still_are(scrape, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    metrics = scrape()

    assert value(metrics, "storefront_scrape_source_up", source="queues") == 0
    assert value(metrics, "storefront_scrape_source_up", source="outbox") == 1


def test_with_redis_away_counts_are_dropped_without_waiting_on_it(monkeypatch):
    from apps.core import metrics

    calls = []

    class Away:
        def hincrby(self, *args):
            calls.append(args)
            raise metrics.redis.ConnectionError("refused")

    monkeypatch.setattr(metrics, "_redis", Away)
    monkeypatch.setattr(metrics, "_failed_at", float("-inf"))

    metrics.count("payment_webhooks", provider="stripe", outcome="refused")
    metrics.count("payment_webhooks", provider="stripe", outcome="refused")

    assert len(calls) == 1  # the second waits out the pause instead of trying again
