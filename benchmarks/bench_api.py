"""Integrator API: balance GET and earn POST beside a trivial DRF view, 20 concurrent clients.

Runs gunicorn with production-shaped settings (DEBUG off) on a scratch database
``storefront_bench_api`` (made afresh every run) with 1,000 members holding a few lots each,
creates an API key with the real command, and drives three scenarios with closed-loop clients:
``GET /api/v1/ping/`` (the trivial DRF view: same authentication, scope check and rate limit,
no work), the balance of a random member, and an earn for a random member with a fresh
Idempotency-Key. Prints throughput, median and 95th-percentile latency, and the ratio to the
trivial view measured in the same run.
Targets: ratio >= 0.5, balance p95 < 50 ms.

    .venv/bin/python benchmarks/bench_api.py [--members 1000] [--seconds 10] [--clients 20]
"""

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    HOST,
    PORT,
    PYTHON,
    ROOT,
    WRK,
    bench_environment,
    drive,
    ensure_database,
    gunicorn,
    manage,
    report,
    wrk,
)

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
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    key = created.stdout.strip().splitlines()[-1].split()[-1]

    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    print(
        f"{len(members)} members; {args.clients} clients; {args.seconds:.0f} s per scenario; "
        f"gunicorn {args.workers} sync workers; DEBUG off; load generator: {args.driver}"
    )
    with gunicorn(env, workers=args.workers):
        if args.driver == "wrk":
            auth = {"Authorization": f"Bearer {key}"}
            run = {"clients": args.clients, "seconds": args.seconds, "headers": auth}
            baseline = wrk("trivial DRF view (ping)", ["/api/v1/ping/"], **run)
            balance = wrk("balance GET", [f"/api/v1/members/{m}/balance/" for m in members], **run)
            earn = wrk(
                "earn POST",
                [f"/api/v1/members/{m}/points/earn/" for m in members],
                method="POST",
                body=json.dumps({"points": 10, "reason": "benchmark"}),
                **run,
            )
        else:
            run = {"clients": args.clients, "seconds": args.seconds}
            baseline = drive(
                "trivial DRF view (ping)",
                lambda: request("GET", "/api/v1/ping/", key=key),
                **run,
            )
            balance = drive(
                "balance GET",
                lambda: request(
                    "GET", f"/api/v1/members/{random.choice(members)}/balance/", key=key
                ),
                **run,
            )
            earn = drive(
                "earn POST",
                lambda: request(
                    "POST",
                    f"/api/v1/members/{random.choice(members)}/points/earn/",
                    key=key,
                    body={"points": 10, "reason": "benchmark"},
                ),
                expected=201,
                **run,
            )
    report([balance, earn], baseline, target=0.5)
    p95 = balance.percentile(0.95)
    print(f"target: balance p95 < 50 ms ({p95:.1f} ms: {'met' if p95 < 50 else 'NOT met'})")


if __name__ == "__main__":
    main()
