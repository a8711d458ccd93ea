"""Gunicorn's settings file (``gunicorn -c config/gunicorn.py config.wsgi``): the hooks that keep
the request metrics right across its worker processes (docs/operations.md, "Metrics").

With ``PROMETHEUS_MULTIPROC_DIR`` set, every worker writes its counters and histograms to files
in that directory and a scrape of ``/metrics`` (by any worker) adds them up. The directory must
start empty (values of an earlier run would be added to this one's) and a worker that exits
leaves its files for its totals, which ``mark_process_dead`` turns into a dead process's.
Command-line options (``--bind``, ``--workers``) still apply.
"""

import os
from pathlib import Path


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink()


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
