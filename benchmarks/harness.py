"""Shared benchmark machinery: a scratch database, gunicorn, and a closed-loop load generator."""

import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", 8765


def bench_environment(database: str) -> dict:
    """Environment for child processes: the benchmark settings on a scratch database, as the
    application's role (``DATABASE_URL``), migrated by the owner role (``DATABASE_OWNER_URL``)
    when one is given, as the product runs (docs/operations.md, "Database roles")."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    env["DATABASE_URL"] = os.environ.get(
        "DATABASE_URL", "postgres://storefront:storefront@127.0.0.1:5432/storefront"
    )
    # Empty: not taken from a developer's .env either (one role, the application's).
    env["DATABASE_OWNER_URL"] = os.environ.get("DATABASE_OWNER_URL", "")
    for name in ("DATABASE_URL", "DATABASE_OWNER_URL"):
        if env[name]:
            env[name] = urlunsplit(urlsplit(env[name])._replace(path=f"/{database}"))
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    env["PYTHONPATH"] = str(ROOT)
    return env


def connect(env: dict, *, dbname: str | None = None):
    """A psycopg2 connection to the benchmark database (or another one on the same server) as
    the owner role if there is one: for creating, seeding and maintaining it; the product under
    test connects as the application's role."""
    parts = urlsplit(env["DATABASE_OWNER_URL"] or env["DATABASE_URL"])
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
    global _web_master
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
    _web_master = process.pid
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
    latencies: list[float]  # seconds, one per request (empty when the generator summarised)
    errors: int
    # Milliseconds by fraction (0.5, 0.95), when the load generator computed them itself.
    summary: dict[float, float] = field(default_factory=dict)
    # CPU milliseconds per request by process group (``CPU_GROUPS``, "other"), when measured.
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, fraction: float) -> float:
        if fraction in self.summary:
            return self.summary[fraction]
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000

    @property
    def median(self) -> float:
        return self.percentile(0.5) if self.summary else statistics.median(self.latencies) * 1000


# Process groups whose CPU time ``cpu_snapshot`` adds up, by a word of their command line;
# "web" only the gunicorn this harness started (``gunicorn``), not another one on the machine.
# "other" is the rest of the machine's busy time: the load generator, the kernel's network work,
# anything else running (benchmark on an otherwise idle machine).
CPU_GROUPS = {"web": b"gunicorn", "postgres": b"postgres", "redis": b"redis-server"}
_TICK = 1000 / os.sysconf("SC_CLK_TCK")  # milliseconds
_web_master: int | None = None  # pid of the gunicorn that ``gunicorn`` runs


def cpu_snapshot() -> dict:
    """CPU clock ticks used so far by each process of ``CPU_GROUPS`` (by group and pid) and by
    the whole machine (``"machine"``), from ``/proc``."""
    ticks: dict = {group: {} for group in CPU_GROUPS}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                command = file.read(200)
            with open(f"/proc/{pid}/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        for group, word in CPU_GROUPS.items():
            if word in command:
                parent = int(fields[1])
                if group == "web" and _web_master not in (int(pid), parent):
                    break  # a gunicorn the harness did not start: "other"
                ticks[group][pid] = int(fields[11]) + int(fields[12])  # utime + stime
                break
    with open("/proc/stat") as file:
        user, nice, system, _idle, _iowait, irq, softirq, steal = file.readline().split()[1:9]
    # Steal (the hypervisor running another machine) counts: a process's own CPU time includes
    # what was stolen while it ran, so without it "other" came out below zero.
    ticks["machine"] = sum(int(x) for x in (user, nice, system, irq, softirq, steal))
    return ticks


def cpu_per_request(before: dict, after: dict, requests: int) -> dict[str, float]:
    """Milliseconds of CPU per request by group between two ``cpu_snapshot``s. A process counts
    what it used since the first snapshot (or since it started); one that ended in between
    (an autovacuum worker, say) is missed, and its share lands in "other"."""
    per = {
        group: sum(used - before[group].get(pid, 0) for pid, used in after[group].items())
        for group in CPU_GROUPS
    }
    per["other"] = after["machine"] - before["machine"] - sum(per.values())
    return {group: used * _TICK / max(requests, 1) for group, used in per.items()}


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
    before = cpu_snapshot()
    measuring.set()  # counted from here: requests and time start together
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    elapsed, after = time.perf_counter() - started, cpu_snapshot()
    for thread in threads:
        thread.join()
    cpu = cpu_per_request(before, after, len(latencies))
    return Result(name, len(latencies), elapsed, latencies, errors, cpu=cpu)


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


def report(
    results: list[Result], baseline: Result, *, target: float, references: list[Result] = ()
) -> None:
    """A table of ``baseline``, ``results`` and ``references`` (shown, not held to ``target``)."""
    groups = [*CPU_GROUPS, "other"] if baseline.cpu else []
    cpu_heading = "".join(f"{group:>9}" for group in groups)
    print(
        f"{'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'ratio':>8}"
        + (f"  | CPU ms per request:{cpu_heading}{'all':>9}" if groups else "")
    )
    for result in [baseline, *results, *references]:
        ratio = result.throughput / baseline.throughput
        cpu = "".join(f"{result.cpu[group]:>9.2f}" for group in groups)
        print(
            f"{result.name:<28}{result.throughput:>9.1f}{result.median:>9.1f}"
            f"{result.percentile(0.95):>9.1f}{result.errors:>8}{ratio:>8.2f}"
            + (f"  | {'':19}{cpu}{sum(result.cpu.values()):>9.2f}" if groups else "")
        )
    worst = min(r.throughput / baseline.throughput for r in results)
    verdict = "met" if worst >= target else "NOT met"
    print(
        f"target: every scenario >= {target:.2f} x the trivial view; worst {worst:.2f} ({verdict})"
    )


WRK = shutil.which("wrk")

# wrk (a C load generator, Debian package "wrk") drives the server with far less CPU than
# Python threads, which on a 2-core machine otherwise take a share of the cores under test.
# Each connection is a closed loop (one request at a time), as in ``drive``.
WRK_SCRIPT = """
local config = %(config)s
local counter = 0
function setup(thread)  -- in the main state; "id" becomes a global of the thread's own state
  thread:set("id", config.next_id)
  config.next_id = config.next_id + 1
end
function init(args)
  math.randomseed(config.seed + id)
end
function request()
  counter = counter + 1
  local headers = {}
  for name, value in pairs(config.headers) do headers[name] = value end
  local path = config.paths[math.random(#config.paths)]
  if config.body ~= nil then
    headers["Idempotency-Key"] = config.run .. "-" .. id .. "-" .. counter
    return wrk.format(config.method, path, headers, config.body)
  end
  return wrk.format(config.method, path, headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def _lua(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(_lua(v) for v in value) + "}"
    if value is None:
        return "nil"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value))  # a JSON string literal is a valid Lua string literal here


def wrk(
    name: str,
    paths: list[str],
    *,
    method: str = "GET",
    headers: dict | None = None,
    body: str | None = None,
    clients: int,
    seconds: float,
    warmup: float = 2.0,
) -> Result:
    """``clients`` connections of wrk request random ``paths`` back to back: ``warmup`` seconds
    (discarded), then ``seconds`` measured. A ``body`` is sent with a fresh Idempotency-Key per
    request. Errors: responses other than 2xx/3xx and socket errors."""
    results, before, after = [], {}, {}
    for duration in (warmup, seconds):
        config = {
            "paths": paths,
            "method": method,
            "headers": {"Host": "localhost", **(headers or {})},
            "body": body,
            "run": f"wrk{random.randrange(10**12)}",  # keys never repeat across runs
            "seed": random.randrange(10**6),
            "next_id": 1,
        }
        if body is not None:
            config["headers"]["Content-Type"] = "application/json"
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT % {"config": _lua(config)})
        try:
            before = cpu_snapshot()
            output = subprocess.run(
                [
                    WRK,
                    "-t",
                    "2",
                    "-c",
                    str(clients),
                    "-d",
                    f"{max(duration, 1):.0f}s",
                    "--timeout",
                    "30s",
                    "-s",
                    script.name,
                    f"http://{HOST}:{PORT}{paths[0]}",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            after = cpu_snapshot()
        finally:
            os.unlink(script.name)
        results.append(output.split("RESULT", 1)[1].split())
    requests, micros, errors, p50, p95 = (int(x) for x in results[-1])
    return Result(
        name,
        requests,
        micros / 1e6,
        [],
        errors,
        summary={0.5: p50 / 1000, 0.95: p95 / 1000},
        cpu=cpu_per_request(before, after, requests),  # the measured run, not the warm-up
    )
