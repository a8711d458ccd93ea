"""The request metrics under gunicorn with several worker processes: every worker's requests
are in the sum whichever worker answers the scrape (prometheus_client's multiprocess mode,
config/gunicorn.py)."""

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ARTIFACTS, ROOT, child_environment, wait_until

TOKEN = "gunicorn-scrape-token"


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def healthz_requests(base: str) -> float:
    _status, body = get(f"{base}/metrics", Authorization=f"Bearer {TOKEN}")
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == "storefront_http_requests_total" and sample.labels == {
                "view": "healthz",
                "method": "GET",
                "status": "200",
            }:
                return sample.value
    return 0.0


def settled_count(base: str) -> float:
    """The health checks counted, once two scrapes a second apart agree."""
    previous = healthz_requests(base)
    for _ in range(30):
        time.sleep(1)
        now = healthz_requests(base)
        if now == previous:
            return now
        previous = now
    raise AssertionError("the count kept changing")


@pytest.mark.worker
def test_every_gunicorn_workers_requests_are_in_the_scrape(transactional_db, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = child_environment(
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"), METRICS_TOKEN=TOKEN
    )
    log = ARTIFACTS / "gunicorn-metrics.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "3"),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:

            def answers() -> bool:
                if process.poll() is not None:
                    raise RuntimeError(log.read_text())
                try:
                    return get(f"{base}/healthz")[0] == 200
                except OSError:
                    return False

            wait_until(answers, timeout=60)
            # A health check the loaded machine answered after the client gave up is counted
            # late: wait until two scrapes agree.
            before = settled_count(base)
            for _ in range(30):  # new connections: the workers share them out
                assert get(f"{base}/healthz")[0] == 200
            # Each scrape is answered by whichever worker accepts it: all agree on the sum.
            sums = {healthz_requests(base) - before for _ in range(6)}
        finally:
            process.terminate()
            process.wait(timeout=30)

    assert sums == {30.0}
    files = list((tmp_path / "prometheus").glob("*.db"))
    assert len({file.name.rsplit("_", 1)[-1] for file in files}) >= 2  # written by several pids
