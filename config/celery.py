"""The Celery application: Redis broker, tasks discovered in every app's ``tasks.py``.

Every task inherits ``ReliableTask``: it retries on transient infrastructure errors (database or
broker connection lost) with exponential backoff and jitter; while the database is away, every
few seconds instead (``retry_schedule``). Tasks must be idempotent because
``acks_late`` redelivers a task whose worker died (see settings: a short visibility timeout, so
redelivery comes within a minute or two; long jobs run as short batches under a lease,
``apps.core.batch_jobs``).

Three queues, each with a worker of its own (``make run``, docker-compose), so that a flood of
one kind (11,000 notifications after a campaign, webhooks to a slow receiver) never delays
another (point releases and expiry):

- ``ledger``: the default: ledger and tier jobs, event delivery (which awards points), order
  and session housekeeping;
- ``notifications``: e-mails and the notification jobs;
- ``webhooks``: webhook deliveries and announcements.
"""

import os
import random

from celery import Celery, Task
from django.db.utils import InterfaceError, OperationalError
from kombu import Queue

from apps.core.database_errors import database_unreachable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

LEDGER_QUEUE = "ledger"
NOTIFICATIONS_QUEUE = "notifications"
WEBHOOKS_QUEUE = "webhooks"
QUEUES = (LEDGER_QUEUE, NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE)
# Task name patterns (first match wins); every other task goes to the ledger queue.
TASK_ROUTES = {
    "notifications.*": {"queue": NOTIFICATIONS_QUEUE},
    "messaging.*": {"queue": NOTIFICATIONS_QUEUE},
    "orders.send_order_email": {"queue": NOTIFICATIONS_QUEUE},
    "orders.send_payment_reminders": {"queue": NOTIFICATIONS_QUEUE},
    "risk.email_alert": {"queue": NOTIFICATIONS_QUEUE},
    "memberships.send_payment_reminders": {"queue": NOTIFICATIONS_QUEUE},
    "integrations.*": {"queue": WEBHOOKS_QUEUE},
}
# The longest a retry waits (seconds): well under the broker's visibility timeout, because a
# task waiting for its countdown is held unacknowledged and would be handed out twice.
RETRY_BACKOFF_MAX = 60


# A database that is away (a restart, a failover) is back within seconds: a task that could not
# reach it tries again every 1-3 s (jittered) for about three minutes, instead of backing off to a
# minute between tries, so that the work waiting behind it resumes seconds after the database.
DATABASE_RETRY_SECONDS = 3
DATABASE_RETRY_ATTEMPTS = 90


def retry_schedule(
    error: BaseException, countdown: float | None, max_retries: int | None
) -> tuple[float | None, int | None]:
    """The countdown and retry limit for a task failing with ``error`` (what the backoff
    proposed, unless the database is away)."""
    if not database_unreachable(error):
        return countdown, max_retries
    return random.uniform(1, DATABASE_RETRY_SECONDS), DATABASE_RETRY_ATTEMPTS  # noqa: S311


class ReliableTask(Task):
    autoretry_for = (ConnectionError, TimeoutError, OperationalError, InterfaceError)
    retry_backoff = True
    retry_backoff_max = RETRY_BACKOFF_MAX
    retry_jitter = True
    max_retries = 8

    def retry(
        self,
        args=None,
        kwargs=None,
        exc=None,
        throw=True,
        eta=None,
        countdown=None,
        max_retries=None,
        **options,
    ):
        if exc is not None and eta is None:
            countdown, max_retries = retry_schedule(exc, countdown, max_retries)
        return super().retry(args, kwargs, exc, throw, eta, countdown, max_retries, **options)


app = Celery("storefront", task_cls=ReliableTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in QUEUES]  # a worker without -Q consumes them all
app.conf.task_default_queue = LEDGER_QUEUE
app.conf.task_routes = TASK_ROUTES
app.autodiscover_tasks()
