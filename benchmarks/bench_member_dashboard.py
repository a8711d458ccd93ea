"""The member dashboard's server time for a member with 10,000 ledger entries. Target: p50 < 50 ms.

Seeds a scratch database ``storefront_bench_dashboard`` (demo catalogue, one member with a long
points history, product views and a paid order, so every panel has work to do), then renders
``/en/member/`` in-process through Django's test client (the whole request: middleware,
session, queries, templates; no network) with production-shaped settings (DEBUG off). A trivial
view is timed the same way as the baseline. Prints median, 95th percentile and queries per page.

    .venv/bin/python benchmarks/bench_member_dashboard.py [--entries 10000] [--requests 300]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import bench_environment, ensure_database, manage

DATABASE = "storefront_bench_dashboard"


def seed(entries: int):
    from decimal import Decimal

    from django.db import connection

    from apps.catalog.models import Product
    from apps.core.database_roles import as_owner
    from apps.members.services import record_product_view
    from apps.orders.services import mark_paid
    from tests.factories import MemberFactory, bulk_points_history, make_order

    member = MemberFactory()
    with as_owner(connection):  # the ledger's tables are written by their owner only
        bulk_points_history(member, entries, database=connection)
    for product in Product.objects.order_by("id")[:6]:
        record_product_view(member_id=member.pk, product_id=product.pk)
    order = make_order(member=member, lines=[(Decimal("950.00"), 3)])
    mark_paid(order=order, amount=order.total, actor_label="benchmark")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
    return member


def timed(client, path: str, requests: int) -> tuple[list[float], int]:
    from django.db import connection, reset_queries

    for _warm_up in range(20):
        assert client.get(path).status_code == 200
    durations = []
    for _request in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    connection.force_debug_cursor = True
    reset_queries()
    client.get(path)
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    return durations, queries


def describe(label: str, durations: list[float], queries: int) -> str:
    p50 = statistics.median(durations)
    p95 = statistics.quantiles(durations, n=20)[-1]
    return f"  {label:<28} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   {queries} queries"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    options = parser.parse_args()

    env = bench_environment(DATABASE)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    ensure_database(env, recreate=True)
    manage(env, "migrate", "-v", "0")
    manage(env, "seed_demo", "--force", "-v", "0")  # DEBUG off: random logins
    os.environ.update(env)

    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from apps.ledger.models import LedgerEntry

    cache.clear()
    member = seed(options.entries)
    client = Client()
    client.force_login(member.user)
    entries = LedgerEntry.objects.filter(account__member=member).count()

    trivial, trivial_queries = timed(client, "/bench/trivial/", options.requests)
    dashboard, dashboard_queries = timed(client, "/en/member/", options.requests)

    print(f"Member dashboard, {entries:,} ledger entries, {options.requests} requests each:")
    print(describe("trivial view (baseline)", trivial, trivial_queries))
    print(describe("/en/member/", dashboard, dashboard_queries))
    p50 = statistics.median(dashboard)
    verdict = "met" if p50 < 50 else "NOT met"
    print(f"  target p50 < 50 ms: {verdict} ({p50:.1f} ms)")


if __name__ == "__main__":
    main()
