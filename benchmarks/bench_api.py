"""Integrator API: balance GET and earn POST beside a trivial DRF view, 20 concurrent clients.

Runs gunicorn with production-shaped settings (DEBUG off) on a scratch database
``storefront_bench_api`` (made afresh every run) with 1,000 members holding a few lots each,
creates an API key with the real command, and drives closed-loop clients through rounds of
four scenarios in turn: ``GET /api/v1/ping/`` (the trivial DRF view: same authentication, scope
check and rate limit, no work), the balance of a random member, an earn for a random member with
a fresh Idempotency-Key, and a reference for writes that is not a target: a trivial DRF view
behind the same checks that parses the earn's body and commits one row
(``benchmarks/urls.py``). Prints, per round, throughput, median and 95th-percentile latency, the
ratio to the trivial view and CPU milliseconds per request by process (gunicorn, PostgreSQL,
Redis, the rest: the load generator and the kernel); then the median round of each figure.
Targets: ratio >= 0.5, balance p95 < 50 ms.

    .venv/bin/python benchmarks/bench_api.py [--members 1000] [--seconds 10] [--clients 20]
        [--rounds 3] [--workers 3] [--driver wrk|python]
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from psycopg2 import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    HOST,
    PORT,
    PYTHON,
    ROOT,
    WRK,
    Result,
    bench_environment,
    connect,
    drive,
    ensure_database,
    gunicorn,
    manage,
    report,
    wrk,
)

# The table of the write reference (``benchmarks.urls.TrivialWrite``).
TRIVIAL_WRITE_TABLE = """CREATE TABLE bench_trivial_write (
    id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), body jsonb NOT NULL
)"""
SEED = """
import django
django.setup()
from django.db import transaction
from apps.accounts.models import User
from apps.ledger import services
from apps.members.models import Member

TARGET = {members}
existing = Member.objects.count()
if existing < TARGET:
    for n in range(existing, TARGET):
        with transaction.atomic():
            user = User.objects.create_user(email=f"bench{{n}}@example.com", password=None)
            member = Member.objects.create(user=user, company_name=f"Bench {{n}}")
            for lot in range(4):
                services.earn(member=member, points=100 + lot, reason="seed",
                              idempotency_key=f"seed:{{lot}}")
print(",".join(str(pk) for pk in Member.objects.values_list("pk", flat=True)))
"""


def request(method: str, path: str, *, key: str, body: dict | None = None) -> int:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    headers = {"Host": "localhost", "Authorization": f"Bearer {key}"}
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
        headers["Idempotency-Key"] = uuid.uuid4().hex
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=20)
    # The machine's speed drifts between runs minutes apart: rounds of every scenario in turn.
    parser.add_argument("--rounds", type=int, default=3)
    # As the product runs it (Dockerfile, scripts/run.sh): 3 sync workers on this 2-core machine.
    parser.add_argument("--workers", type=int, default=3)
    # wrk (C) when installed: Python client threads would take CPU from the server under test.
    parser.add_argument("--driver", choices=["wrk", "python"], default="wrk" if WRK else "python")
    args = parser.parse_args()

    env = bench_environment("storefront_bench_api")
    ensure_database(env, recreate=True)  # every run starts from the same data
    manage(env, "migrate", "--noinput", "-v", "0")
    seeded = subprocess.run(
        [PYTHON, "-c", SEED.format(members=args.members)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    members = seeded.stdout.strip().split(",")
    created = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "create_api_key",
            "--name",
            "bench",
            "--scopes",
            "all",
            "--rate-limit",
            "100000000",
            "--max-points-per-day",  # 10 points per earn, tens of thousands of earns a run
            "1000000000",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    key = created.stdout.strip().splitlines()[-1].split()[-1]

    with connect(env) as database, database.cursor() as cursor:
        cursor.execute(TRIVIAL_WRITE_TABLE)
        application_role = urlsplit(env["DATABASE_URL"]).username
        cursor.execute(  # what `migrate` grants the application's role on the product's tables
            sql.SQL(
                "GRANT SELECT, INSERT ON bench_trivial_write TO {role}; GRANT USAGE ON SEQUENCE "
                "bench_trivial_write_id_seq TO {role}"
            ).format(role=sql.Identifier(application_role))
        )

    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    print(
        f"{len(members)} members; {args.clients} clients; {args.seconds:.0f} s per scenario; "
        f"{args.rounds} rounds; gunicorn {args.workers} sync workers; DEBUG off; "
        f"load generator: {args.driver}"
    )
    rounds = []
    with gunicorn(env, workers=args.workers):
        for number in range(1, args.rounds + 1):
            print(f"-- round {number}")
            results = run_round(args, key, members)
            targets, reference = [results[BALANCE], results[EARN]], [results[WRITE]]
            report(targets, results[PING], target=0.5, references=reference)
            rounds.append(results)
    summarise(rounds)


PING, BALANCE, EARN, WRITE = (
    "trivial DRF view (ping)",
    "balance GET",
    "earn POST",
    "DRF write (reference)",
)
EARN_BODY = {"points": 10, "reason": "benchmark"}


def run_round(args, key: str, members: list[str]) -> dict[str, Result]:
    """Each scenario once, in turn: the trivial view, the balance, the earn, the write reference."""
    scenarios = [  # name, method, paths (one at random per request), body
        (PING, "GET", ["/api/v1/ping/"], None),
        (BALANCE, "GET", [f"/api/v1/members/{m}/balance/" for m in members], None),
        (EARN, "POST", [f"/api/v1/members/{m}/points/earn/" for m in members], EARN_BODY),
        (WRITE, "POST", ["/bench/trivial-write/"], EARN_BODY),
    ]
    run = {"clients": args.clients, "seconds": args.seconds}
    results = {}
    for name, method, paths, body in scenarios:
        if args.driver == "wrk":
            results[name] = wrk(
                name,
                paths,
                method=method,
                body=None if body is None else json.dumps(body),
                headers={"Authorization": f"Bearer {key}"},
                **run,
            )
        else:
            results[name] = drive(
                name,
                lambda method=method, paths=paths, body=body: request(
                    method, random.choice(paths), key=key, body=body
                ),
                expected=200 if body is None else 201,
                **run,
            )
    return results


def summarise(rounds: list[dict[str, Result]]) -> None:
    """The median round of each figure, against the issue's targets."""

    def median(figure) -> float:
        return statistics.median(figure(results) for results in rounds)

    def ratio(name: str, baseline: str = PING):
        return lambda results: results[name].throughput / results[baseline].throughput

    print(f"-- median of {len(rounds)} rounds")
    for name in (BALANCE, EARN):
        figure = median(ratio(name))
        print(f"{name}: ratio to the trivial view {figure:.2f} (target >= 0.5: ", end="")
        print("met)" if figure >= 0.5 else "NOT met)")
    p95 = median(lambda results: results[BALANCE].percentile(0.95))
    print(f"balance p95 {p95:.1f} ms (target < 50 ms: {'met' if p95 < 50 else 'NOT met'})")
    to_write, write = median(ratio(EARN, WRITE)), median(ratio(WRITE))
    print(
        f"for reference, not a target: earn to the trivial DRF write {to_write:.2f}, "
        f"the write to the trivial view {write:.2f}"
    )


if __name__ == "__main__":
    main()
