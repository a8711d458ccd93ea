"""The Celery application: Redis broker, tasks discovered in every app's ``tasks.py``.

Every task inherits ``ReliableTask``: it retries on transient infrastructure errors (database or
broker connection lost) with exponential backoff and jitter. Tasks must be idempotent because
``acks_late`` redelivers a task whose worker died (see settings).
"""

import os

from celery import Celery, Task
from django.db.utils import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class ReliableTask(Task):
    autoretry_for = (ConnectionError, TimeoutError, OperationalError, InterfaceError)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8


app = Celery("storefront", task_cls=ReliableTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
