"""Today's figures, computed at most once a minute and kept in the cache for every reader (the
dashboard, the points accounting report, the reporting API); the dashboard's count of members
at risk the same way.

``rollups.live_figures(today)`` reads every member's balance (about 2 s at 100,000 members,
docs/benchmarks.md), so no request should wait for it: while anyone has read today's figures
in the last ``WANTED_SECONDS``, the task ``analytics.refresh_live_figures`` (every minute, by
beat) computes them at the start of each minute, and readers take that copy. A reader that
finds no copy for the current minute (beat not running, or the first seconds of a minute)
computes and stores it itself. Figures are therefore as of the start of the current minute at
the latest: at most a minute old. (The window is ``ANALYTICS_LIVE_FIGURES_SECONDS``: a minute
by default, 5 minutes for a programme of a million members, where they take about 40 s. The
unfiltered programme dashboard reads the figures the ``stored`` job keeps instead.)

The members at risk (about 0.5 s at 100,000 members: three
indexed probes per account) are kept per minute and filters the same way; the task computes
the count without filters (the dashboard's first view).
"""

from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from . import dashboard_queries
from .dashboard import Filters, Period
from .models import DailyFigures
from .rollups import live_figures


def live_figures_seconds() -> int:
    """How long a computed copy serves (``ANALYTICS_LIVE_FIGURES_SECONDS``, default a minute):
    at a million members the computation takes about 40 s on a 2-core machine
    (docs/benchmarks.md), so such a programme sets 300."""
    return settings.ANALYTICS_LIVE_FIGURES_SECONDS


# The refresh task works only while someone has read today's figures this recently.
WANTED_SECONDS = 15 * 60
WANTED_KEY = "analytics:live-figures:wanted"


def _minute(now: datetime) -> int:
    return int(now.timestamp()) // live_figures_seconds()


def _key(day: date, now: datetime) -> str:
    return f"analytics:live-figures:{day.isoformat()}:{_minute(now)}"


def _at_risk_key(filters: Filters, now: datetime) -> str:
    tier = filters.tier.pk if filters.tier is not None else ""
    return f"analytics:at-risk:{filters.country}:{tier}:{filters.customer_type}:{_minute(now)}"


def compute_and_keep(day: date, *, now: datetime | None = None) -> list[DailyFigures]:
    """Compute ``day``'s live figures now and keep them for the rest of the minute."""
    now = now or timezone.now()
    figures = live_figures(day, now=now)  # (with PostgreSQL's JIT off: see there)
    cache.set(_key(day, now), figures, live_figures_seconds())
    return figures


def recent_live_figures(day: date) -> list[DailyFigures]:
    """``rollups.live_figures(day)`` as of the current minute: the copy the refresh task (or
    an earlier request) kept for this minute, else computed now and kept."""
    now = timezone.now()
    cache.set(WANTED_KEY, True, WANTED_SECONDS)
    figures = cache.get(_key(day, now))
    if figures is None:
        figures = compute_and_keep(day, now=now)
    return figures


def recent_at_risk_members(filters: Filters) -> int:
    """The members at risk under ``filters`` (``dashboard_queries.at_risk_members``) as of the
    current minute: the count kept for this minute, else counted now and kept."""
    now = timezone.now()
    key = _at_risk_key(filters, now)
    count = cache.get(key)
    if count is None:
        count = dashboard_queries.at_risk_members(filters, as_of=now)
        cache.set(key, count, live_figures_seconds())
    return count


def refresh() -> bool:
    """Compute today's figures for this minute if anyone read them lately (the beat task);
    returns whether it did."""
    if not cache.get(WANTED_KEY):
        return False
    now = timezone.now()
    day = timezone.localdate(now)
    if cache.get(_key(day, now)) is None:
        compute_and_keep(day, now=now)
    everyone = Filters(Period(day, day))  # the count does not depend on the period
    if cache.get(_at_risk_key(everyone, now)) is None:
        count = dashboard_queries.at_risk_members(everyone, as_of=now)
        cache.set(_at_risk_key(everyone, now), count, live_figures_seconds())
    return True
