"""A webhook retry that waits longer than a Celery countdown may (a worker holds such a task
unacknowledged, and the broker hands it out again after its visibility timeout) is queued by
the minute job when it is due, once."""

import pytest

from apps.integrations.models import DeliveryStatus, WebhookDelivery
from apps.integrations.webhooks.delivery import retry_due
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
