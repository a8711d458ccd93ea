"""Celery tasks of the programme reports: thin and idempotent; the work is in ``rollups``, run
one day per batch under a lease (``apps.core.batch_jobs``)."""

from celery import shared_task

from apps.core import batch_jobs

from . import live, rollups, segments, stored

CLOSE_DAYS = batch_jobs.BatchJob("analytics.close_reporting_days", rollups.close_days_batch)
SCORE_MEMBERS = batch_jobs.BatchJob.in_one_batch("analytics.score_members", segments.score_members)


@shared_task(name=CLOSE_DAYS.name, bind=True)
def close_reporting_days(self, run_id: int | None = None) -> int:
    """Close every finished day not closed yet (normally yesterday); returns the days closed."""
    return batch_jobs.run(self, CLOSE_DAYS, run_id=run_id)


@shared_task(name=SCORE_MEMBERS.name, bind=True)
def score_members(self, run_id: int | None = None) -> int:
    """Score every member's RFM and record their segment (``segments``); returns members."""
    return batch_jobs.run(self, SCORE_MEMBERS, run_id=run_id)


@shared_task(name="analytics.refresh_live_figures")
def refresh_live_figures() -> bool:
    """Today's figures for this minute, kept for every reader (every minute, by beat; only
    while someone reads them: ``live.refresh``)."""
    return live.refresh()


@shared_task(name="analytics.refresh_dashboard_figures")
def refresh_dashboard_figures(force: bool = False) -> bool:
    """The unfiltered dashboard's whole-member figures, computed and stored (every
    ``stored.REFRESH_MINUTES`` by beat while the dashboard is read, or when staff ask)."""
    return stored.refresh(force=force)
