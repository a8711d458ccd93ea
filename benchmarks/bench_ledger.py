"""Ledger benchmarks, each beside a baseline measured in the same run on the same Postgres.

1. Throughput: earn + spend service calls per second from 8 concurrent client processes (each on
   its own members), beside ``pgbench -N`` with 8 clients. Target: >= 0.3 of pgbench. Five
   rounds, each the ledger then pgbench for ``--seconds``; the median round's ratio is the
   figure (one round on this shared machine moves by +-20 %). Each round also measures the
   same calls when the company earns (#20): the members are buyers of companies of
   ``COMPANY_SIZE`` (each client's own), so every earn and spend goes to a company's account
   (``ledger.holders``); its median ratio to pgbench should stay the members' ratio. A third
   loop does the same company calls the way they ran before the SQL function found the company
   itself (``holder_of`` read through the ORM first and passed in): before and after in one run.
2. Expiry: 1,000,000 due lots over 100,000 members expired by ``expire_due_lots`` (entries, lot
   movements and balances included), beside one raw ``UPDATE`` zeroing the same lots (rolled
   back). Targets: under 60 s, within 3x of the raw UPDATE, worker peak memory under 300 MB.

    .venv/bin/python benchmarks/bench_ledger.py [--members 100000] [--lots-per-member 10]
"""

import argparse
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.harness import ROOT, bench_environment, connect, ensure_database, manage

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
CLIENTS = 8
ROUNDS = 5
COMPANY_SIZE = 5  # buyers per company in the company variant

SEED_SQL = """
INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff, is_active,
                           date_joined, email)
SELECT '!', FALSE, '', '', FALSE, TRUE, now(), 'bench' || g || '@example.com'
FROM generate_series(1, %(members)s) AS g;

INSERT INTO members_member (user_id, company_name, vat_id, country, phone, whatsapp,
    preferred_language, preferred_currency, timezone, purchasing_needs, customer_type, segment,
    marketing_consent, referral_code, external_id, created_at, updated_at)
SELECT id, '', '', '', '', '', 'en', 'USD', 'UTC', '', '', 'member', FALSE, 'R' || id, '',
       now(), now()
FROM accounts_user WHERE email LIKE 'bench%%';

INSERT INTO ledger_pointsaccount (member_id, available, pending, lifetime_earned, updated_at,
                                  next_due_at)
SELECT id, 10 * %(lots)s, 0, 10 * %(lots)s, now(), now() - interval '1 day' FROM members_member;

INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, idempotency_key,
                                fingerprint, created_at)
SELECT a.id, 10, 'earn', 'bench', 'bench:' || n, 'bench:' || n, 'bench',
       now() - interval '400 days'
FROM ledger_pointsaccount AS a CROSS JOIN generate_series(1, %(lots)s) AS n;

INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at, released,
                              expires_at, source)
SELECT account_id, id, 10, 10, created_at, TRUE, now() - interval '1 day', source
FROM ledger_ledgerentry WHERE reason = 'bench';
ANALYZE;
"""

BASELINE_SQL = """
UPDATE ledger_pointslot SET remaining = 0
WHERE released AND remaining > 0 AND expires_at <= now()
"""


def recreate_database(env) -> None:
    ensure_database(env, recreate=True)
    manage(env, "migrate", "--noinput", "-v", "0")


def seed(env, members: int, lots: int) -> float:
    started = time.perf_counter()
    connection = connect(env)
    with connection, connection.cursor() as cursor:
        cursor.execute(SEED_SQL, {"members": members, "lots": lots})
    connection.close()
    return time.perf_counter() - started


def _pgbench(env, *arguments: str) -> str:
    parts = urlsplit(env["DATABASE_URL"])
    pg_env = {**os.environ, "PGPASSWORD": parts.password or ""}
    connection = ["-h", parts.hostname, "-p", str(parts.port or 5432), "-U", parts.username]
    database = parts.path.lstrip("/")
    return subprocess.run(
        [PGBENCH, *connection, *arguments, database],
        env=pg_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pgbench_init(env) -> None:
    _pgbench(env, "-i", "-q", "-s", "1")


def pgbench_tps(env, seconds: int, *, clients: int = CLIENTS) -> float:
    output = _pgbench(env, "-N", "-c", str(clients), "-j", "2", "-T", str(seconds))
    return float(re.search(r"tps = ([\d.]+)", output).group(1))


def checkpoint(env, connection) -> None:
    """Write dirty buffers out now (as the app's role if it may, else as the local superuser)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except psycopg2.errors.InsufficientPrivilege:
        port = str(urlsplit(env["DATABASE_URL"]).port or 5432)
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", "psql", "-p", port, "-qc", "CHECKPOINT"],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            print("  (no CHECKPOINT: the role may not, and the postgres user is not at hand)")


def _client(
    index: int, member_ids: list[int], seconds: float, start, results, read_first: bool
) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    from apps.ledger import services
    from apps.ledger.holders import holder_of
    from apps.members.models import Member

    members = list(Member.objects.filter(pk__in=member_ids))
    run = uuid.uuid4().hex[:8]  # fresh keys every round: a repeated key is a cheap replay
    start.wait()  # every client set up: measure them running together
    done, n = 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        member = members[n % len(members)]
        # read_first: the account read before each call, as before the SQL function found it
        holder = holder_of(member) if read_first else None
        services.earn(
            member=member,
            points=10,
            reason="bench",
            idempotency_key=f"tp:{run}:{index}:{n}:e",
            holder=holder,
        )
        holder = holder_of(member) if read_first else None
        services.spend(
            member=member,
            points=5,
            reason="bench",
            idempotency_key=f"tp:{run}:{index}:{n}:s",
            holder=holder,
        )
        done += 2
        n += 1
    results.put(done)


def client_members(env) -> list[int]:
    connection = connect(env)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM members_member ORDER BY id LIMIT %s", [CLIENTS * 50])
        ids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return ids


def make_companies(env) -> int:
    """Group each client's members into companies of ``COMPANY_SIZE`` buyers (the company
    variant); the programme still says each buyer earns until ``who_earns`` switches it."""
    ids = client_members(env)
    groups = []
    for index in range(CLIENTS):
        mine = ids[index::CLIENTS]
        groups += [mine[k : k + COMPANY_SIZE] for k in range(0, len(mine), COMPANY_SIZE)]
    connection = connect(env)
    with connection, connection.cursor() as cursor:
        for number, group in enumerate(groups):
            cursor.execute(
                "INSERT INTO companies_company (legal_name, country, vat_id, customer_type, "
                "segment, payment_terms, external_id, created_at, updated_at) VALUES "
                "(%s, 'DE', '', 'end_customer', 'member', 'prepayment', '', now(), now()) "
                "RETURNING id",
                [f"Bench company {number}"],
            )
            company = cursor.fetchone()[0]
            for member in group:
                cursor.execute(
                    "INSERT INTO companies_companymember (company_id, member_id, role, "
                    "created_at) VALUES (%s, %s, 'buyer', now())",
                    [company, member],
                )
    connection.close()
    return len(groups)


def who_earns(env, value: str) -> None:
    """Switch the programme's setting (each client process reads it afresh)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    from apps.ledger.models import Programme

    Programme.current()  # the row exists
    Programme.objects.filter(pk=1).update(who_earns=value)
    Programme.forget_cached()
    from django.db import connections

    connections.close_all()  # the client processes are forked from this one: no shared socket


def ledger_tps(env, seconds: float, *, read_first: bool = False) -> float:
    os.environ.update(env)
    ids = client_members(env)
    results = multiprocessing.Queue()
    start = multiprocessing.Barrier(CLIENTS)
    processes = [
        multiprocessing.Process(
            target=_client, args=(i, ids[i::CLIENTS], seconds, start, results, read_first)
        )
        for i in range(CLIENTS)
    ]
    for process in processes:
        process.start()
    total = sum(results.get() for _process in processes)
    for process in processes:
        process.join()
    return total / seconds


EXPIRE_CHILD = """
import resource, time, django
django.setup()
from django.utils import timezone
from apps.ledger.jobs import expire_due_lots
now = timezone.now()
started = time.perf_counter()
accounts = expire_due_lots(as_of=now, now=now)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.3f} {peak:.1f} {accounts}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--lots-per-member", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    env = bench_environment(os.environ.get("BENCH_LEDGER_DATABASE", "storefront_bench_ledger"))
    env["LOG_LEVEL"] = "WARNING"

    recreate_database(env)
    seeded = seed(env, args.members, args.lots_per_member)
    lots = args.members * args.lots_per_member
    print(f"seeded {args.members} members, {lots} due lots in {seeded:.1f} s")

    connection = connect(env)
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(BASELINE_SQL)
        baseline = time.perf_counter() - started
        updated = cursor.rowcount
    connection.rollback()
    connection.close()

    output = subprocess.run(
        [sys.executable, "-c", EXPIRE_CHILD],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    elapsed, peak, accounts = float(output[0]), float(output[1]), int(output[2])
    connection = connect(env)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT expired_by_id), count(*) FROM ledger_pointslot "
            "WHERE expired_by_id IS NOT NULL"
        )
        expired_entries, expired_lots = cursor.fetchone()
        cursor.execute("SELECT coalesce(sum(available), 0) FROM ledger_pointsaccount")
        left = cursor.fetchone()[0]
    connection.close()

    print("\nexpiry")
    print(f"  raw UPDATE of {updated} lots (rolled back): {baseline:.2f} s")
    print(
        f"  expire_due_lots: {elapsed:.2f} s for {expired_lots} lots ({expired_entries} entries) "
        f"on {accounts} accounts "
        f"({elapsed / baseline:.2f}x the raw UPDATE; targets < 60 s and <= 3x)"
    )
    print(f"  worker peak memory: {peak:.0f} MB (target < 300 MB); points left: {left}")

    # The expiry just rewrote a million lots: let vacuum's and the checkpointer's work happen
    # now, not during the throughput rounds. pgbench's tables are created here too, before any.
    connection = connect(env)
    connection.autocommit = True
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    pgbench_init(env)
    checkpoint(env, connection)
    connection.close()
    print(
        f"  VACUUM (ANALYZE) and CHECKPOINT after the expiry: {time.perf_counter() - started:.1f} s"
    )

    companies = make_companies(env)
    print(f"\nthroughput ({CLIENTS} clients, {ROUNDS} rounds of {args.seconds} s each)")
    print(f"  company variant: {companies} companies of {COMPANY_SIZE} buyers")
    ratios, company_ratios, before_ratios = [], [], []
    for round_ in range(1, ROUNDS + 1):
        print(f"  round {round_}: load average {os.getloadavg()[0]:.1f}")
        who_earns(env, "buyer")
        ours = ledger_tps(env, args.seconds)
        who_earns(env, "company")
        company = ledger_tps(env, args.seconds)
        before = ledger_tps(env, args.seconds, read_first=True)
        who_earns(env, "buyer")
        theirs = pgbench_tps(env, args.seconds)
        ratios.append(ours / theirs)
        company_ratios.append(company / theirs)
        before_ratios.append(before / theirs)
        print(
            f"    ledger earn+spend {ours:.0f} tx/s, company earn+spend {company:.0f} tx/s "
            f"(account read first, as before: {before:.0f} tx/s), pgbench -N {theirs:.0f} tx/s, "
            f"ratios {ours / theirs:.2f} / {company / theirs:.2f} / {before / theirs:.2f}"
        )
    median = statistics.median(ratios)
    print(f"  median ratio {median:.2f} (target >= 0.30: {'met' if median >= 0.3 else 'NOT met'})")
    company_median = statistics.median(company_ratios)
    print(
        f"  company earn median ratio {company_median:.2f} "
        f"({company_median / median:.2f} of the members'; target >= 0.30: "
        f"{'met' if company_median >= 0.3 else 'NOT met'}); read first (as before): "
        f"{statistics.median(before_ratios):.2f}"
    )


if __name__ == "__main__":
    main()
