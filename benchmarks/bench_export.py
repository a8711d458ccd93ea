"""Streamed CSV export of the ledger entry list: 1,000,000 rows. Target: peak memory < 150 MB
(as restated in docs/benchmarks.md: constant in the number of rows, at most 50 MB above the
loaded application; run it with ``--members 100`` as well to see the same peak for 100,000).

Seeds a scratch database with SQL (1,000 members, 1,000 entries each), then, in a child
process, a Finance staff member downloads ``/admin/ledger/ledgerentry/export/`` through the
whole Django stack (middleware, masking, the admin's changelist) with the test client, reading
the streamed body chunk by chunk as a server would send it. Prints the time, the rows and bytes
received, the child's peak resident memory (``ru_maxrss``) before and after the export, and the
peak of Python's own allocations during it (``tracemalloc``, in the second, filtered export
only: tracing every allocation slows Python several times and adds its own memory, so the
first export's time and resident memory are measured without it).

    .venv/bin/python benchmarks/bench_export.py [--members 1000] [--entries-per-member 1000]
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_ledger import SEED_SQL, recreate_database
from benchmarks.harness import ROOT, bench_environment, connect

ENTRIES_SQL = """
INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, idempotency_key,
                                fingerprint, created_at)
SELECT a.id, CASE WHEN n %% 3 = 0 THEN -(n %% 50 + 1) ELSE n %% 200 + 1 END,
       CASE WHEN n %% 3 = 0 THEN 'spend' ELSE 'earn' END,
       'Order B' || a.id || '-' || n, 'order:' || n, 'export:' || n, 'bench',
       now() - (n || ' minutes')::interval
FROM ledger_pointsaccount AS a CROSS JOIN generate_series(1, %(entries)s) AS n;
UPDATE members_member SET company_name = 'Company ' || id WHERE id %% 2 = 0;
ANALYZE;
"""

CHILD = """
import resource, sys, time, tracemalloc, django
django.setup()
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from apps.accounts.roles import FINANCE, create_staff

user, _password = create_staff(email="finance@example.com", role=FINANCE)
if not Authenticator.objects.filter(user=user).exists():
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
client = Client(HTTP_HOST="127.0.0.1")  # the benchmark settings allow no "testserver"
client.force_login(user)
assert client.get("/admin/ledger/ledgerentry/?q=none").status_code == 200  # warmed up
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
trace = sys.argv[2] == "trace"
if trace:
    tracemalloc.start()
started = time.perf_counter()
response = client.get("/admin/ledger/ledgerentry/export/" + sys.argv[1])
first = None
size = lines = 0
for chunk in response.streaming_content:
    if first is None:
        first = time.perf_counter() - started
    size += len(chunk)
    lines += chunk.count(b"\\n")
elapsed = time.perf_counter() - started
_current, traced = tracemalloc.get_traced_memory() if trace else (0, -1024 * 1024)
tracemalloc.stop()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(response.status_code, f"{elapsed:.1f} {first:.2f} {lines - 1} {size} {before:.0f} {peak:.0f}",
      f"{traced / 1024 / 1024:.1f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--entries-per-member", type=int, default=1_000)
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument(
        "--no-traced", action="store_true", help="skip the filtered export under tracemalloc"
    )
    args = parser.parse_args()
    env = bench_environment("storefront_bench_export")
    env["LOG_LEVEL"] = "WARNING"
    if not args.reuse:
        recreate_database(env)
        started = time.perf_counter()
        connection = connect(env)
        with connection, connection.cursor() as cursor:
            cursor.execute(SEED_SQL, {"members": args.members, "lots": 0})
            cursor.execute(ENTRIES_SQL, {"entries": args.entries_per_member})
        connection.close()
        rows = args.members * args.entries_per_member
        print(
            f"seeded {args.members} members, {rows} ledger entries in "
            f"{time.perf_counter() - started:.1f} s"
        )
    runs = [("", "untraced")] + ([] if args.no_traced else [("?kind__exact=earn", "trace")])
    for query, trace in runs:
        output = subprocess.run(
            [sys.executable, "-c", CHILD, query, trace],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        status, elapsed, first, rows, size, before, peak, traced = output
        print(
            f"export{query or ' (all)'}: HTTP {status}, {rows} rows, {int(size) / 1e6:.0f} MB "
            f"in {elapsed} s ({int(rows) / float(elapsed):,.0f} rows/s; first bytes after "
            f"{first} s); peak RSS {peak} MB (before the export {before} MB: the export added "
            f"{float(peak) - float(before):.0f} MB; target < 150 MB, restated: see "
            "docs/benchmarks.md); "
            + (f"Python allocations peak {traced} MB" if trace == "trace" else "not traced")
        )


if __name__ == "__main__":
    main()
