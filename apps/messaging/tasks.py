"""Celery tasks of messaging: thin and idempotent (sending claims the message first)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from config.celery import RETRY_BACKOFF_MAX

from . import services
from .models import ChannelMessage, MessageStatus


@shared_task(name="messaging.send", bind=True, max_retries=None)
def send_message(self, message_id: int) -> str:
    """Send one message. The shop-wide limit makes it wait for the next minute; a failure that
    may pass is tried again after its backoff (here when that is short, else by
    ``messaging.queue_due``, since a long countdown outlives the broker's visibility timeout)."""
    try:
        status = services.send(message_id=message_id)
    except services.TryLater as wait:
        raise self.retry(countdown=wait.seconds) from None
    if status == MessageStatus.FAILED and not settings.CELERY_TASK_ALWAYS_EAGER:
        retry_at = ChannelMessage.objects.filter(pk=message_id).values_list("retry_at", flat=True)
        due = retry_at.first()
        if due is not None:
            wait_seconds = max((due - timezone.now()).total_seconds(), 0)
            if wait_seconds <= RETRY_BACKOFF_MAX:
                send_message.apply_async((message_id,), countdown=wait_seconds)
    return status


@shared_task(name="messaging.queue_due")
def queue_due() -> int:
    return services.queue_due()
