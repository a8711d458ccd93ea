"""Long periodic jobs (expiry, pending release, ...) as chains of short batches under a lease.

A task whose worker dies is handed out again once the broker's visibility timeout has passed
(settings: two minutes), so no task may run longer than that. A job therefore runs as a
``JobRun`` row and a chain of tasks:

- Each batch is one transaction that locks the run's row, does the job's next step after
  ``cursor`` (e.g. the next 10,000 points accounts by id) and records the new cursor: the work
  and the progress commit together. A worker killed mid-batch loses that batch only; the
  redelivered task goes on from the cursor.
- A task works for ``budget`` seconds (well inside the time limit), then hands the run to a
  successor task it queues, with the task id it gives it.
- The lease: only the run's ``holder`` (a Celery task id: a redelivered message keeps its id)
  works on it, or anybody once ``lease_expires_at`` has passed (the holder, or the message
  that would have named it, is gone). The row lock, taken with ``SKIP LOCKED``, keeps even a
  stale holder from running beside the one that took over. A second message for the same job
  (a second beat, a manual run) finds the run under way and returns.
"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Literal

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from .models import JobRun

logger = logging.getLogger(__name__)


class _Busy(Enum):
    BUSY = "busy"


BUSY = _Busy.BUSY  # what ``_take`` answers while a batch of the holder's run is running
BUSY_RETRY_SECONDS = 5
LOOK_WAIT = "2s"  # how long a holder waits for its run's row while another message looks at it


@dataclass(frozen=True)
class Batch:
    """What one step did: ``changed`` things, and the last id it handled (``None``: the job is
    done, nothing after ``after`` was left)."""

    changed: int
    last: int | None


@dataclass(frozen=True)
class BatchJob:
    """A job's name (its Celery task's) and its step: ``step(as_of=..., after=...)`` does the
    next batch after id ``after`` in the caller's transaction, for the moment ``as_of``."""

    name: str
    step: Callable[..., Batch]

    @classmethod
    def in_one_batch(cls, name: str, job: Callable[..., int]) -> "BatchJob":
        """A set-based job that finishes in seconds, ``job(as_of=...)`` returning what it
        changed: one batch, under the lease (no second run beside it)."""

        def step(*, as_of, after: int) -> Batch:
            return Batch(changed=job(as_of=as_of), last=None)

        return cls(name, step)


def lease_seconds() -> int:
    """How long a run stays with a holder that gives no sign of life: the visibility timeout,
    after which its message would have been handed out again anyway."""
    return settings.CELERY_VISIBILITY_TIMEOUT


def budget_seconds() -> float:
    """How long one task works before it hands the run on: a third of the time limit."""
    return settings.CELERY_TASK_TIME_LIMIT / 3


def run(task, job: BatchJob, *, run_id: int | None = None, budget: float | None = None) -> int:
    """Work on ``job`` as the Celery task ``task`` (bound): its run ``run_id``, or the job's
    unfinished run, or a new one. Returns what this task changed (0 when another holds the
    run). Each batch commits its progress; a task that used up its budget queues a successor
    (the same task with ``run_id``) and returns."""
    me = task.request.id or uuid.uuid4().hex
    if run_id is None:
        run_id = _start(job, holder=me)
        if run_id is None:
            logger.info("%s: a run is under way; this one stands down", job.name)
            return 0
    deadline = time.monotonic() + (budget_seconds() if budget is None else budget)
    changed = 0
    while True:
        successor = uuid.uuid4().hex if time.monotonic() >= deadline else None
        with transaction.atomic():
            current = _take(run_id, holder=me)
            if current is BUSY:
                # Our own message handed out again while its first delivery (or what is left
                # of it in the database) still runs a batch: look again shortly.
                raise task.retry(countdown=BUSY_RETRY_SECONDS)
            if current is None:
                return changed
            _watch_the_client()
            batch = job.step(as_of=current.as_of, after=current.cursor)
            changed += batch.changed
            _record(current, batch, holder=successor or me)
        if current.finished_at is not None:
            return changed
        if successor is not None:
            task.apply_async(kwargs={"run_id": run_id}, task_id=successor)
            return changed


def _start(job: BatchJob, *, holder: str) -> int | None:
    """The id of the run ``holder`` may work on: the job's unfinished run if it is theirs or
    its lease has expired, else a new run; ``None`` when another holds the run or is running
    a batch of it."""
    now = timezone.now()
    lease = now + timedelta(seconds=lease_seconds())
    unfinished = JobRun.objects.filter(job=job.name, finished_at__isnull=True)
    with transaction.atomic():
        current = unfinished.select_for_update(skip_locked=True).first()
        if current is not None:
            if current.holder != holder and current.lease_expires_at >= now:
                return None
            current.holder, current.lease_expires_at = holder, lease
            current.save(update_fields=["holder", "lease_expires_at"])
            return current.pk
        if unfinished.exists():
            return None  # a batch of it is running right now
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=job.name, as_of=now, holder=holder, lease_expires_at=lease
            ).pk
    except IntegrityError:  # another message started the job a moment ago
        return None


def _take(run_id: int, *, holder: str) -> JobRun | Literal[_Busy.BUSY] | None:
    """Lock the run for one batch if ``holder`` may work on it and nobody else is. ``None``:
    stand down (finished, or another holds it); ``BUSY``: ``holder``'s, but a batch of it is
    running right now."""
    current = (
        JobRun.objects.select_for_update(skip_locked=True)
        .filter(pk=run_id, finished_at__isnull=True)
        .first()
    )
    if current is None:
        unfinished = JobRun.objects.filter(pk=run_id, finished_at__isnull=True)
        if not unfinished.filter(holder=holder).exists():
            return None
        # Ours, but locked: another job's message may only be looking at it (``_start``, for a
        # moment), or a batch of ours runs. Wait a little for the lock before calling it busy
        # (a two-beat test saw the holder retry, and its run stall, over a mere look).
        current = _wait_for(unfinished)
        if current is None:
            return BUSY
    if current.holder != holder and current.lease_expires_at >= timezone.now():
        return None
    return current


def _wait_for(unfinished) -> JobRun | None:
    """The run locked within ``LOOK_WAIT`` (a savepoint: on timeout nothing else is undone), or
    None if its lock is still held then."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOOK_WAIT}'")
            current = unfinished.select_for_update().first()
            cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
            return current
    except OperationalError:  # lock_timeout: a batch of it is running
        return None


def _watch_the_client() -> None:
    """Let PostgreSQL end this batch's transaction within seconds if our process dies (kill -9)
    while a statement runs or waits for a lock; it would otherwise hold the run's row lock
    until the statement finished."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL client_connection_check_interval = '2s'")


def _record(current: JobRun, batch: Batch, *, holder: str) -> None:
    now = timezone.now()
    current.changed += batch.changed
    current.batches += 1
    current.holder = holder
    current.lease_expires_at = now + timedelta(seconds=lease_seconds())
    if batch.last is None:
        current.finished_at = now
    else:
        current.cursor = batch.last
    current.save(
        update_fields=[
            "changed",
            "batches",
            "holder",
            "lease_expires_at",
            "finished_at",
            "cursor",
        ]
    )
