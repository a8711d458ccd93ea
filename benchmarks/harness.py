"""Shared benchmark machinery: a scratch database, gunicorn, and a closed-loop load generator."""

import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", 8765


def bench_environment(database: str) -> dict:
    """Environment for child processes: the benchmark settings on a scratch database."""
    base = os.environ.get(
        "DATABASE_URL", "postgres://storefront:storefront@127.0.0.1:5432/storefront"
    )
    parts = urlsplit(base)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    env["PYTHONPATH"] = str(ROOT)
    return env


def connect(env: dict, *, dbname: str | None = None):
    """A psycopg2 connection to the benchmark database (or another one on the same server)."""
    parts = urlsplit(env["DATABASE_URL"])
    return psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
    )


def ensure_database(env: dict, *, recreate: bool = False) -> None:
    """Create the benchmark database if missing (or drop and create it afresh)."""
    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    admin = connect(env, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        if recreate:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextmanager
def gunicorn(env: dict, *, workers: int = 2):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                get("/bench/trivial/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) * 1000


def drive(
    name: str, call, *, expected: int = 200, clients: int, seconds: float, warmup: float = 2.0
) -> Result:
    """``clients`` threads run ``call() -> status`` back to back: ``warmup`` seconds, then
    ``seconds`` measured; a status other than ``expected`` counts as an error."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    measuring = threading.Event()
    stop = threading.Event()

    def client():
        nonlocal errors
        while not stop.is_set():
            started = time.perf_counter()
            status = call()
            elapsed = time.perf_counter() - started
            if measuring.is_set():
                with lock:
                    latencies.append(elapsed)
                    errors += status != expected

    threads = [threading.Thread(target=client, daemon=True) for _i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    measuring.set()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join()
    return Result(name, len(latencies), elapsed, latencies, errors)


def load(
    name: str, paths: list[str], *, clients: int, seconds: float, warmup: float = 2.0
) -> Result:
    """``clients`` threads GET random ``paths`` back to back for ``seconds``."""
    return drive(
        name,
        lambda: get(random.choice(paths))[0],
        clients=clients,
        seconds=seconds,
        warmup=warmup,
    )


def report(results: list[Result], baseline: Result, *, target: float) -> None:
    print(f"{'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'ratio':>8}")
    for result in [baseline, *results]:
        ratio = result.throughput / baseline.throughput
        print(
            f"{result.name:<28}{result.throughput:>9.1f}{result.median:>9.1f}"
            f"{result.percentile(0.95):>9.1f}{result.errors:>8}{ratio:>8.2f}"
        )
    worst = min(r.throughput / baseline.throughput for r in results)
    verdict = "met" if worst >= target else "NOT met"
    print(
        f"target: every scenario >= {target:.2f} x the trivial view; worst {worst:.2f} ({verdict})"
    )
