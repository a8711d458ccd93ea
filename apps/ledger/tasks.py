"""Celery tasks of the ledger: thin and idempotent; the work is in ``jobs``, run in batches
under a lease (``apps.core.batch_jobs``): ``run_id`` is given to a run's successor tasks."""

from celery import Task, shared_task

from apps.core import batch_jobs

from . import jobs
from .experiments import assign_running_experiments

RELEASE = batch_jobs.BatchJob("ledger.release_pending_points", jobs.release_batch)
EXPIRY = batch_jobs.BatchJob("ledger.expire_points", jobs.settle_batch)


@shared_task(name=RELEASE.name, bind=True)
def release_pending_points(self: Task[..., int], run_id: int | None = None) -> int:
    return batch_jobs.run(self, RELEASE, run_id=run_id)


@shared_task(name=EXPIRY.name, bind=True)
def expire_points(self: Task[..., int], run_id: int | None = None) -> int:
    return batch_jobs.run(self, EXPIRY, run_id=run_id)


@shared_task(name="ledger.assign_experiment_members")
def assign_experiment_members() -> int:
    """Record the experiment groups of members who joined since (docs/experiments.md)."""
    return assign_running_experiments()
