"""A webhook retry that waits longer than a Celery countdown may (a worker holds such a task
unacknowledged, and the broker hands it out again after its visibility timeout) is queued by
the minute job when it is due, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.integrations.models import DeliveryStatus, WebhookDelivery
from apps.integrations.webhooks.delivery import (
    CLAIM_LEASE,
    attempt_delivery,
    enqueue_event,
    retry_due,
)
from apps.integrations.webhooks.endpoints import create_endpoint

from .conftest import Receiver


@pytest.mark.django_db
def test_a_long_wait_is_left_to_the_minute_job_and_sent_once_when_due(
    api, member, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 3600  # the first retry waits an hour
    with Receiver(script=[503]) as receiver:
        create_endpoint(url=receiver.url, events=["points.earned"])
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                f"/api/v1/members/{member.pk}/points/earn/",
                {"points": 5, "reason": "Order 1"},
                format="json",
                HTTP_IDEMPOTENCY_KEY="order-1",
            )
        assert response.status_code == 201

        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
        assert len(receiver.received) == 1  # no task waits an hour for its countdown
        with django_capture_on_commit_callbacks(execute=True):
            assert retry_due(as_of=delivery.next_attempt_at.replace(microsecond=0)) == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert retry_due(as_of=delivery.next_attempt_at) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert retry_due(as_of=delivery.next_attempt_at) == 0  # claimed: not due again

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [r["answered"] for r in receiver.received] == [503, 200]


@pytest.mark.django_db
def test_an_attempt_whose_outcome_was_lost_is_taken_up_by_its_retry_or_after_its_lease(
    django_capture_on_commit_callbacks,
):
    with Receiver() as receiver:
        create_endpoint(url=receiver.url, events=["points.earned"])
        with django_capture_on_commit_callbacks() as lost:  # their tasks are lost
            for number in (1, 2):
                enqueue_event("points.earned", key=str(number), data=lambda: {"entry": 1})
        assert len(lost) == 2
        first = WebhookDelivery.objects.order_by("pk").first()
        assert first.attempts == 0 and first.next_attempt_at > timezone.now()  # due later
        # Each had attempt 1 claimed by a run whose outcome never reached the database.
        WebhookDelivery.objects.update(attempts=1, next_attempt_at=timezone.now() + CLAIM_LEASE)

        # The first run's own retry (the database was back) takes its attempt up; another
        # task for the same attempt does not send it again.
        assert attempt_delivery(delivery_id=first.pk, attempt=1) == "skipped"
        assert attempt_delivery(delivery_id=first.pk, attempt=1, resumed=True) == "delivered"
        # The second's worker died: the minute job sends the next attempt once the lease ran out.
        with django_capture_on_commit_callbacks(execute=True):
            assert retry_due(as_of=timezone.now()) == 0  # still held by its claim
        with django_capture_on_commit_callbacks(execute=True):
            assert retry_due(as_of=timezone.now() + CLAIM_LEASE + timedelta(seconds=1)) == 1

    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {
        (DeliveryStatus.DELIVERED, 1),
        (DeliveryStatus.DELIVERED, 2),
    }
    assert len(receiver.received) == 2
