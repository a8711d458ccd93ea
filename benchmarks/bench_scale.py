"""Cost at 10x (issue #23): the same five figures at 100,000 and at 1,000,000 members.

Each size has its own scratch database ``storefront_bench_scale_<members>``, seeded set-based
(``generate_series`` + ``INSERT ... SELECT`` as the tables' owner, the programme dashboard
benchmark's statements, ``benchmarks/bench_dashboard.py``) with, per member, 14.3 ledger entries
(10 earned lots), 3 orders (85 % by members), a tier history and 18 months of closed days. At
1,000,000 members that is 14,300,000 entries, 10,000,000 lots and 3,000,000 orders. The seeding
backends run at the lowest CPU and I/O priority (``renice 19``, ``ionice -c3``): the machine is
shared.

Measured at each size, each in a child process:

- expiry of a day's due lots: the nightly job (release, then expire, in batches of accounts)
  for tomorrow's due lots, in a transaction rolled back afterwards (the data stays as seeded);
- tier re-evaluation: ``reevaluate_all`` for every member, rolled back the same way, and the
  process's peak resident memory during it (``VmHWM``, reset just before);
- the member dashboard ``/en/member/`` of random members, in-process (p50, p95);
- the API balance ``GET /api/v1/members/<id>/balance/`` of random members, in-process (p95);
- the programme dashboard: the job that stores its whole-member figures
  (``analytics.stored.compute``, timed, and today's live rows alone), then ``/admin/?period=365``
  read from them (p50, p95, with the cache cleared, and the page's CPU, statements and
  database time); ``--parts`` also times each part of a live computation.

Then a table of each figure at both sizes and the ratio, against the issue's targets: job
times at most 10.5 x, page and API latencies at most 1.5 x.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 100000,1000000] [--keep] [--drop]
        [--requests 200] [--seed-only]

``--keep`` reuses a size's database when it exists (seeding 1,000,000 members takes a while);
``--drop`` drops the databases at the end.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import PYTHON, ROOT, bench_environment, connect, ensure_database, manage

ENTRIES_PER_MEMBER = 10 / 0.7  # 70 % of the seeded entries are earns, each with its lot
ORDERS_PER_MEMBER = 3
# The nightly jobs see accounts due again: each account's next due moment, as the ledger keeps it.
NEXT_DUE_SQL = """
UPDATE ledger_pointsaccount AS a SET next_due_at = due.at
FROM (SELECT account_id, min(expires_at) AS at FROM ledger_pointslot WHERE remaining > 0
      GROUP BY account_id) AS due
WHERE due.account_id = a.id
"""
# Thresholds that put members in every tier (orders of 100-999 over 18 months).
TIER_SPEND = {"Member": None, "Silver": 1000, "Gold": 2500}
TARGETS = {"job": 10.5, "latency": 1.5, "memory": 1.5}  # memory: flat (the process's peak)
STEPS = ["api", "member", "programme", "expiry", "tiers"]


def results_file(members: int) -> Path:
    """Where a size's figures are kept (the table can be printed again with --report-only)."""
    return Path(tempfile.gettempdir()) / f"bench_scale_{members}.json"


def kept_figures(members: int) -> dict:
    """A size's figures: its results file and any ``bench_scale_<members>_*.json`` beside it
    (figures measured by a child run on its own, ``--child measure --out ...``)."""
    figures: dict = {}
    main = results_file(members)
    for path in [*sorted(main.parent.glob(f"{main.stem}_*.json")), main]:
        if path.exists():
            figures.update(json.loads(path.read_text()))
    return figures


def database_name(members: int) -> str:
    return f"storefront_bench_scale_{members}"


def exists(env: dict) -> bool:
    admin = connect(env, dbname="postgres")
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name_of(env)])
        found = cursor.fetchone() is not None
    admin.close()
    return found


def database_name_of(env: dict) -> str:
    return env["DATABASE_URL"].rsplit("/", 1)[1]


TEMPLATE = "storefront_bench_scale_template"


def from_template(env: dict) -> None:
    """Create the size's database as a copy of a migrated, empty one (migrating takes minutes
    on a loaded machine; the template is migrated again each time, a no-op when up to date)."""
    template = bench_environment(TEMPLATE)
    ensure_database(template)
    manage(template, "migrate", "-v", "0")
    admin = connect(env, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        name = database_name_of(env)
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    admin.close()


# Filled set-based, then indexed: building an index once over sorted rows is several times
# faster than maintaining it row by row through millions of inserts (as a restore does).
BULK_TABLES = ["ledger_ledgerentry", "ledger_pointslot", "orders_order"]


def without_indexes(cursor) -> list[str]:
    """Drop the bulk tables' unique and foreign-key constraints and secondary indexes; return
    the statements that put them back (indexes first, then constraints, as they were)."""
    cursor.execute(
        """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f')
        ORDER BY contype DESC, conname""",
        [BULK_TABLES],
    )
    constraints = cursor.fetchall()
    for table, name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        """SELECT indexname, indexdef FROM pg_indexes
        WHERE tablename = ANY(%s) AND indexname NOT LIKE '%%pkey' ORDER BY indexname""",
        [BULK_TABLES],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in constraints
    ]


def seed(members: int) -> None:
    """Create, migrate and seed the size's database (runs in a child process)."""
    from benchmarks import bench_dashboard

    env = bench_environment(database_name(members))
    from_template(env)
    os.environ.update(env)
    import django

    django.setup()
    from apps.tiers.models import Tier

    # Every backend this process opens from here runs at the lowest CPU and I/O priority.
    real_connect = bench_dashboard.connect

    def humble_connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        connection.autocommit = True  # as the seeding uses it
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        subprocess.run(["renice", "-n", "19", "-p", str(pid)], check=False, capture_output=True)
        subprocess.run(["ionice", "-c3", "-p", str(pid)], check=False, capture_output=True)
        return connection

    bench_dashboard.connect = humble_connect
    options = SimpleNamespace(
        members=members,
        orders=members * ORDERS_PER_MEMBER,
        entries=round(members * ENTRIES_PER_MEMBER),
    )
    started = time.perf_counter()
    owner = humble_connect(env)
    with owner.cursor() as cursor:
        rebuild = without_indexes(cursor)
    bench_dashboard.seed(env, options)
    with owner.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for statement in rebuild:
            start = time.perf_counter()
            cursor.execute(statement)
            print(f"  rebuilt in {time.perf_counter() - start:6.1f} s  {statement[:70]}")
        cursor.execute(NEXT_DUE_SQL)
        cursor.execute("ANALYZE ledger_pointsaccount")
    owner.close()
    for name, spend in TIER_SPEND.items():
        Tier.objects.filter(name=name).update(qualifying_spend=spend)
    print(f"seeded {members:,} members in {time.perf_counter() - started:.0f} s", flush=True)


def timed_requests(client, paths: list[str], requests: int, **headers) -> list[float]:
    for path in paths[:20]:  # warm-up: templates, translations, connections
        assert client.get(path, **headers).status_code == 200
    durations = []
    for number in range(requests):
        start = time.perf_counter()
        response = client.get(paths[number % len(paths)], **headers)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (paths[number % len(paths)], response.status_code)
    return durations


def percentile(durations: list[float], fraction: float) -> float:
    ordered = sorted(durations)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def rolled_back(call):
    """Time ``call()`` in a transaction that is rolled back: the data stays as seeded."""
    from django.db import transaction

    with transaction.atomic():
        start = time.perf_counter()
        result = call()
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed, result


def measure(
    members: int, requests: int, out: Path, steps: set[str], runs: int, *, with_parts: bool = False
) -> None:
    """The five figures on the size's database (runs in a child process), the latencies first
    and the two jobs last; ``out`` (JSON) is rewritten after each figure, so a run cut short
    still leaves what it measured. ``steps``: which figures (``STEPS``); an existing ``out``
    keeps the others. ``runs``: programme dashboard requests (half as many with nothing
    cached, its parts timed once each when under 3)."""
    env = bench_environment(database_name(members))
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.update(env)
    import random
    from datetime import timedelta

    import django

    django.setup()
    from django.core.cache import cache
    from django.utils import timezone

    from apps.ledger import jobs
    from apps.tiers.services import reevaluate_all

    cache.clear()
    figures: dict = json.loads(out.read_text()) if out.exists() else {}
    figures["load_before"] = os.getloadavg()[0]
    now = timezone.now()
    picked = random.Random(23).sample(range(1, members + 1), 50)

    def done(*names: str) -> None:
        figures["load_after"] = os.getloadavg()[0]
        out.write_text(json.dumps(figures))
        shown = ", ".join(f"{name} {figures[name]:.1f}" for name in names)
        print(f"  {members:,}: {shown} (load average {figures['load_after']:.1f})", flush=True)

    if "api" in steps:
        api(figures, picked, requests)
        done("api_p50_ms", "api_p95_ms")
    if "member" in steps:
        member(figures, picked, requests)
        done("member_p50_ms", "member_p95_ms")
    if "programme" in steps:
        programme(figures, runs, with_parts=with_parts)
        done(
            "stored_refresh_s",
            "live_figures_s",
            "programme_p50_ms",
            "programme_cold_p50_ms",
            "programme_cpu_p50_ms",
            "programme_queries",
            "programme_db_p50_ms",
        )
        print("\n".join(figures["programme_parts"]), flush=True)
    if "expiry" in steps:
        figures["expiry_s"], figures["expiry_accounts"] = rolled_back(
            lambda: jobs._run(
                ("release", "expire"), as_of=now + timedelta(days=1), now=now, batch=10_000
            )
        )
        done("expiry_s", "expiry_accounts")
    if "tiers" in steps:
        import gc

        gc.collect()
        figures["tiers_rss_before_mb"] = rss_mb()
        reset_peak_rss()
        figures["tiers_s"], figures["tier_changes"] = rolled_back(lambda: reevaluate_all(as_of=now))
        figures["tiers_peak_rss_mb"] = peak_rss_mb()
        done("tiers_s", "tier_changes", "tiers_rss_before_mb", "tiers_peak_rss_mb")


def api(figures: dict, picked: list[int], requests: int) -> None:
    from django.test import Client

    from apps.integrations.keys import create_api_key

    key = create_api_key(name="bench-scale", scopes=_all_scopes(), rate_limit=10**9).key
    balance = timed_requests(
        Client(),
        [f"/api/v1/members/{member_id}/balance/" for member_id in picked],
        requests,
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    figures["api_p50_ms"] = statistics.median(balance)
    figures["api_p95_ms"] = percentile(balance, 0.95)


def member(figures: dict, picked: list[int], requests: int) -> None:
    from django.test import Client

    from apps.accounts.models import User

    client = Client()
    durations = []
    for member_id in picked[:20]:
        client.force_login(User.objects.get(pk=member_id))
        durations += timed_requests(client, ["/en/member/"], max(1, requests // 20))
    figures["member_p50_ms"] = statistics.median(durations)
    figures["member_p95_ms"] = percentile(durations, 0.95)


def programme(figures: dict, runs: int, *, with_parts: bool) -> None:
    """The page as staff get it: the background job's stored figures (computed here first,
    timed: the job's cost), then the page read from them, warm and with the cache cleared
    before each request. ``with_parts``: each part of a live computation timed alone too."""
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.analytics import stored
    from apps.analytics.rollups import live_figures
    from benchmarks.bench_dashboard import parts, superuser

    start = time.perf_counter()
    row = stored.compute()
    figures["stored_refresh_s"] = time.perf_counter() - start
    start = time.perf_counter()
    figures["live_rows"] = len(live_figures(timezone.localdate()))
    figures["live_figures_s"] = time.perf_counter() - start
    figures["stored_json_kb"] = len(json.dumps(row.figures)) / 1024
    admin = User.objects.filter(email="bench-admin@bench.example").first() or superuser()
    staff = Client()
    staff.force_login(admin)
    dashboard = timed_requests(staff, ["/admin/?period=365"], runs)
    page = staff.get("/admin/?period=365")
    assert b"Figures computed now." not in page.content, "the page did not read stored figures"
    figures["programme_p50_ms"] = statistics.median(dashboard)
    figures["programme_p95_ms"] = percentile(dashboard, 0.95)
    # What the load of other processes does not change: this process's CPU per page (Django,
    # templates, the ORM) and the page's statements and their time in the database.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, statements, database = [], [], []
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.process_time()
            staff.get("/admin/?period=365")
            cpu.append((time.process_time() - start) * 1000)
        statements.append(len(queries.captured_queries))
        database.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    figures["programme_cpu_p50_ms"] = statistics.median(cpu)
    figures["programme_queries"] = statistics.median(statements)
    figures["programme_db_p50_ms"] = statistics.median(database)

    def cold():
        cache.clear()
        start = time.perf_counter()
        assert staff.get("/admin/?period=365").status_code == 200
        return (time.perf_counter() - start) * 1000

    figures["programme_cold_p50_ms"] = statistics.median(cold() for _run in range(runs // 2))
    figures["programme_parts"] = parts(max(1, runs // 3)) if with_parts else []


def peak_rss_mb() -> float:
    """This process's peak resident memory since the last ``reset_peak_rss`` (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    """Start VmHWM again from the current resident size (Linux: ``clear_refs`` 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def _all_scopes() -> list[str]:
    from apps.integrations.scopes import ALL_SCOPES

    return sorted(ALL_SCOPES)


ROWS = [  # figure, label, kind of target
    ("expiry_s", "expiry of a day's due lots (s)", "job"),
    ("tiers_s", "tier re-evaluation (s)", "job"),
    ("member_p50_ms", "member dashboard p50 (ms)", "latency"),
    ("member_p95_ms", "member dashboard p95 (ms)", "latency"),
    ("api_p50_ms", "API balance p50 (ms)", "latency"),
    ("api_p95_ms", "API balance p95 (ms)", "latency"),
    ("programme_p50_ms", "programme dashboard p50 (ms)", "latency"),
    ("programme_p95_ms", "programme dashboard p95 (ms)", "latency"),
    ("programme_cold_p50_ms", "programme dashboard, nothing cached (ms)", "latency"),
    ("programme_cpu_p50_ms", "programme dashboard, CPU of the page p50 (ms)", "latency"),
    ("programme_db_p50_ms", "programme dashboard, database time p50 (ms)", "latency"),
    ("programme_queries", "programme dashboard, statements", "latency"),
    ("stored_refresh_s", "dashboard figures stored (job, s)", "job"),
    ("live_figures_s", "today's live figures alone (s)", "job"),
    ("tiers_peak_rss_mb", "tier job peak RSS (MB)", "memory"),
]


def table(results: dict[int, dict]) -> None:
    small, large = sorted(results)
    print(f"{'figure':<42}{small:>12,}{large:>12,}{'ratio':>8}  target")
    for figure, label, kind in ROWS:
        a, b = results[small].get(figure), results[large].get(figure)
        if a is None or b is None:
            print(f"{label:<42}  not measured at both sizes")
            continue
        ratio = b / a if a else float("inf")
        verdict = "met" if ratio <= TARGETS[kind] else "NOT met"
        print(f"{label:<42}{a:>12.1f}{b:>12.1f}{ratio:>8.2f}  <= {TARGETS[kind]} x: {verdict}")
    for size in (small, large):
        r = results[size]
        print(f"  programme dashboard's parts at {size:,} members:")
        print("\n".join(r.get("programme_parts", [])))
        print(
            f"  {size:,}: {r.get('expiry_accounts', '-')} accounts expired, "
            f"{r.get('tier_changes', '-')} tier "
            f"changes; load average {r['load_before']:.1f} before, {r['load_after']:.1f} after"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="reuse a size's seeded database")
    parser.add_argument("--drop", action="store_true", help="drop the databases at the end")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument(
        "--report-only", action="store_true", help="the table from each size's last figures"
    )
    parser.add_argument("--child", choices=["seed", "measure"])
    parser.add_argument("--members", type=int)
    parser.add_argument("--out", help="where the measuring child writes its figures (JSON)")
    parser.add_argument("--steps", default=",".join(STEPS), help="which figures to measure")
    parser.add_argument("--runs", type=int, default=10, help="programme dashboard requests")
    parser.add_argument(
        "--parts", action="store_true", help="also time each part of a live dashboard computation"
    )
    options = parser.parse_args()

    if options.child == "seed":
        seed(options.members)
        return
    if options.child == "measure":
        steps = set(options.steps.split(","))
        measure(
            options.members,
            options.requests,
            Path(options.out),
            steps,
            options.runs,
            with_parts=options.parts,
        )
        return

    sizes = [int(size) for size in options.sizes.split(",")]
    script = [PYTHON, str(Path(__file__).resolve())]
    results = {}
    for members in sizes:
        env = bench_environment(database_name(members))
        if not options.report_only and not (options.keep and exists(env)):
            subprocess.run([*script, "--child", "seed", "--members", str(members)], check=True)
        if options.seed_only:
            continue
        out = results_file(members)
        if not options.report_only:
            manage(env, "migrate", "-v", "0")  # seeded by older code: its newer tables
        if options.report_only:
            results[members] = kept_figures(members)
            continue
        subprocess.run(
            [
                *script,
                "--child",
                "measure",
                "--members",
                str(members),
                "--requests",
                str(options.requests),
                "--out",
                str(out),
                "--steps",
                options.steps,
                "--runs",
                str(options.runs),
                *(["--parts"] if options.parts else []),
            ],
            cwd=ROOT,
            check=True,
        )
        results[members] = kept_figures(members)
    if len(results) == 2:
        table(results)
    if options.drop:
        for members in sizes:
            env = bench_environment(database_name(members))
            admin = connect(env, dbname="postgres")
            admin.autocommit = True
            with admin.cursor() as cursor:
                for name in (database_name(members), TEMPLATE):
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.close()


if __name__ == "__main__":
    main()
