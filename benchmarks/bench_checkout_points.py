"""Checkout to points: orders placed and paid through the services, until their points are on
the ledger through the real event delivery path (a real Celery worker, as ``make run`` starts
it), beside ``pgbench -N`` with as many clients in the same round.

Each round: ``CLIENTS`` processes, each on its own members, put a product in a cart, place the
order (``checkout.services.place_order``) and pay it (``orders.services.mark_paid``, what the
payment providers' webhooks and a recorded bank transfer call) for ``--seconds``; then the
script waits until every paid order has its purchase points on the ledger. Figures per round:

- placed and paid per second (the clients' own rate);
- checkout to points per second: orders / (start of the round until the last order's points are
  on the ledger), the figure to compare;
- lag from payment to points (p50 / p95, from the rows' own timestamps);
- CPU per order: of the clients (placing and paying, the web side) and of the worker (every
  task the orders caused: points, tiers, emails, notifications), measured from the processes'
  own CPU time until the worker is idle again; these depend far less than rates on what else
  the shared machine is doing;
- the ratio of checkout to points to ``pgbench -N`` (compares runs on a busy, shared machine).

The median round's figures are the result. Each round starts with the worker idle.

    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python benchmarks/bench_checkout_points.py \
        [--seconds 20] [--rounds 3]
"""

import argparse
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis

from benchmarks.bench_ledger import pgbench_init, pgbench_tps, recreate_database
from benchmarks.harness import PYTHON, ROOT, bench_environment, connect

CLIENTS = 4
MEMBERS_PER_CLIENT = 25
PRODUCTS = 20
DATABASE = "storefront_bench_checkout"

SEED = """
import django
django.setup()
from decimal import Decimal
from apps.accounts.models import User
from apps.catalog.models import Category, Product
from apps.members.services import register_member
category = Category.objects.create(name_en="Valves", slug_en="valves")
for n in range(%(products)d):
    Product.objects.create(
        category=category, sku=f"BENCH-{n:03d}", name_en=f"Valve {n}", slug_en=f"valve-{n}",
        price=Decimal("120.00") + n,
    )
for n in range(%(members)d):
    user = User.objects.create_user(email=f"bench{n}@example.com", password=None)
    register_member(user=user, language="en", currency="USD", company_name=f"Bench {n}")
"""

# Orders paid, and orders with their purchase points on the ledger, since ``after``.
PROGRESS_SQL = """
SELECT (SELECT count(*) FROM orders_order WHERE paid_at > %(after)s),
       (SELECT count(DISTINCT source) FROM ledger_ledgerentry
        WHERE kind = 'earn' AND source LIKE 'order:%%' AND created_at > %(after)s)
"""
LAG_SQL = """
SELECT percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY lag)
FROM (
    SELECT EXTRACT(EPOCH FROM min(entry.created_at) - o.paid_at) * 1000 AS lag
    FROM orders_order AS o
    JOIN ledger_ledgerentry AS entry ON entry.source = 'order:' || o.id AND entry.kind = 'earn'
    WHERE o.paid_at > %(after)s
    GROUP BY o.id, o.paid_at
) AS lags
"""
ADDRESS = {"name": "Buyer", "line1": "Street 1", "city": "Lyon", "country": "FR"}


def _client(index: int, seconds: float, start, results) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    import django

    django.setup()
    from djmoney.money import Money

    from apps.catalog.models import Product
    from apps.catalog.pricing import pricing_context
    from apps.checkout.models import Cart
    from apps.checkout.services import add_to_cart, place_order
    from apps.members.models import Member
    from apps.orders.services import mark_paid

    members = list(Member.objects.select_related("user").order_by("pk"))[index::CLIENTS]
    products = list(Product.objects.order_by("pk"))
    start.wait()  # every client set up: measure them running together
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_at_start = usage.ru_utime + usage.ru_stime
    placed, n = 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        member = members[n % len(members)]
        cart, _created = Cart.objects.get_or_create(member=member)
        add_to_cart(cart=cart, product=products[n % len(products)], quantity=1 + n % 3)
        order = place_order(
            cart=cart,
            context=pricing_context(currency="USD", member=member),
            member=member,
            email=member.user.email,
            language="en",
            payment_method="bank_transfer",
            incoterm="FOB",
            address=ADDRESS,
        )
        mark_paid(order=order, amount=Money(order.total_amount, order.currency), actor_label="")
        placed += 1
        n += 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    results.put((placed, usage.ru_utime + usage.ru_stime - cpu_at_start))


def _progress(env, after) -> tuple[int, int]:
    connection = connect(env)
    try:
        with connection.cursor() as cursor:
            cursor.execute(PROGRESS_SQL, {"after": after})
            return cursor.fetchone()
    finally:
        connection.close()


def _now(env):
    connection = connect(env)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            return cursor.fetchone()[0]
    finally:
        connection.close()


def _process_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its children (the pool)."""
    ticks = 0
    pids = [str(pid)]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as file:
            pids += file.read().split()
    except OSError:
        pass
    for each in pids:
        try:
            with open(f"/proc/{each}/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


# Events waiting in the database (the outbox; with per-subscriber delivery, its rows too).
WAITING_SQL = """
SELECT (SELECT count(*) FROM core_outboxevent)
     + COALESCE((SELECT count(*) FROM core_eventdelivery WHERE next_attempt_at <= now()), 0)
"""
WAITING_SQL_WITHOUT_DELIVERIES = "SELECT count(*) FROM core_outboxevent"


def wait_until_idle(env, timeout: float = 600) -> None:
    """Until nothing is queued in Redis, taken by the worker, or waiting in the outbox, twice
    in a row half a second apart."""
    broker = redis.Redis.from_url(env["REDIS_URL"])
    connection = connect(env)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('core_eventdelivery') IS NOT NULL")
        sql = WAITING_SQL if cursor.fetchone()[0] else WAITING_SQL_WITHOUT_DELIVERIES
    deadline, quiet = time.perf_counter() + timeout, 0
    while quiet < 2 and time.perf_counter() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            waiting = cursor.fetchone()[0]
        busy = broker.llen("celery") + broker.hlen("unacked") + waiting
        quiet = quiet + 1 if busy == 0 else 0
        time.sleep(0.5)
    connection.close()


def one_round(env, seconds: float, worker_pid: int) -> dict:
    os.environ.update(env)
    wait_until_idle(env)
    worker_before = _process_seconds(worker_pid)
    after = _now(env)
    results = multiprocessing.Queue()
    start = multiprocessing.Barrier(CLIENTS + 1)
    processes = [
        multiprocessing.Process(target=_client, args=(i, seconds, start, results))
        for i in range(CLIENTS)
    ]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    reports = [results.get() for _process in processes]
    placing = time.perf_counter() - began
    placed = sum(count for count, _cpu in reports)
    client_cpu = sum(cpu for _count, cpu in reports)
    for process in processes:
        process.join()
    deadline = time.perf_counter() + 300
    while True:
        paid, with_points = _progress(env, after)
        if with_points >= paid or time.perf_counter() > deadline:
            break
        time.sleep(0.05)
    total = time.perf_counter() - began
    wait_until_idle(env)
    worker_cpu = _process_seconds(worker_pid) - worker_before
    connection = connect(env)
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL, {"after": after})
        p50, p95 = cursor.fetchone()[0] or (0, 0)
    connection.close()
    return {
        "orders": placed,
        "paid": paid,
        "with_points": with_points,
        "placing_rate": placed / placing,
        "to_points_rate": with_points / total,
        "drain_after_clients": total - placing,
        "lag_p50": p50,
        "lag_p95": p95,
        "client_cpu_ms": client_cpu * 1000 / max(placed, 1),
        "worker_cpu_ms": worker_cpu * 1000 / max(placed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = bench_environment(DATABASE)
    env["LOG_LEVEL"] = "WARNING"
    env["EMAIL_URL"] = "dummymail://"  # order emails are rendered and dropped
    recreate_database(env)
    pgbench_init(env)
    subprocess.run(
        [PYTHON, "-m", "celery", "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log = ROOT / "test-artifacts" / "bench-checkout-worker.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as output:
        worker = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "config", "worker", "--concurrency=2", "-l", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        subprocess.run(
            [PYTHON, "-c", SEED % {"products": PRODUCTS, "members": CLIENTS * MEMBERS_PER_CLIENT}],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(
            f"{CLIENTS} clients placing and paying orders for {args.seconds:.0f} s per round, "
            "a Celery worker with 2 processes delivering; pgbench -N with the same clients"
        )
        rounds = []
        for number in range(1, args.rounds + 1):
            figures = one_round(env, args.seconds, worker.pid)
            figures["pgbench"] = pgbench_tps(env, 10, clients=CLIENTS)
            figures["ratio"] = figures["to_points_rate"] / figures["pgbench"]
            rounds.append(figures)
            print(
                f"  round {number}: {figures['orders']} orders; placed and paid "
                f"{figures['placing_rate']:.1f}/s; checkout to points "
                f"{figures['to_points_rate']:.1f}/s ({figures['with_points']} of "
                f"{figures['paid']} with points, the last "
                f"{figures['drain_after_clients']:.1f} s after the clients stopped); "
                f"lag p50 {figures['lag_p50']:.0f} ms, p95 {figures['lag_p95']:.0f} ms; "
                f"CPU per order: clients {figures['client_cpu_ms']:.0f} ms, worker "
                f"{figures['worker_cpu_ms']:.0f} ms; pgbench -N {figures['pgbench']:.0f} tx/s; "
                f"ratio {figures['ratio']:.4f}"
            )
        median = sorted(rounds, key=lambda r: r["to_points_rate"])[len(rounds) // 2]
        print(
            f"median round: checkout to points {median['to_points_rate']:.1f} orders/s "
            f"(placed and paid {median['placing_rate']:.1f}/s, lag p50 "
            f"{median['lag_p50']:.0f} ms, p95 {median['lag_p95']:.0f} ms); median CPU per order: "
            f"clients {statistics.median(r['client_cpu_ms'] for r in rounds):.0f} ms, worker "
            f"{statistics.median(r['worker_cpu_ms'] for r in rounds):.0f} ms; median ratio to "
            f"pgbench {statistics.median(r['ratio'] for r in rounds):.4f}"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=60)


if __name__ == "__main__":
    main()
