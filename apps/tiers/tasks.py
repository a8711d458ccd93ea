"""Celery tasks of tiers: the re-evaluation runs under a lease (``apps.core.batch_jobs``)."""

from celery import shared_task

from apps.core import batch_jobs

from . import services

REEVALUATION = batch_jobs.BatchJob("tiers.reevaluate_all", services.reevaluate_batch)


@shared_task(name=REEVALUATION.name, bind=True)
def reevaluate_all(self, run_id: int | None = None) -> int:
    return batch_jobs.run(self, REEVALUATION, run_id=run_id)
