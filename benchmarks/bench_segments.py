"""RFM scoring (``analytics.segments.score_members``) of 100,000 members with 1,000,000 orders
over 18 months and 1,000,000 ledger entries. Target: every member scored in under 30 s.

Seeds a scratch database ``storefront_bench_segments`` set-based as the tables' owner role
(members with a user and a points account, a fifth of them with a balance over the "at risk"
threshold; orders, 95 % paid, in five currencies at their captured rates; earn entries), then
runs the scoring as the application's role, several times (the first run writes every member's
segment; before each next one the members table is vacuumed, as autovacuum leaves it by the
next night, and the run writes the same values again: the nightly case), and prints each run,
the scores query alone (the ``SELECT`` the ``UPDATE`` reads) and how many members each segment
got.

    .venv/bin/python benchmarks/bench_segments.py [--members 100000] [--orders 1000000]
        [--entries 1000000] [--runs 3] [--keep]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import bench_environment, connect, ensure_database, manage

DATABASE = "storefront_bench_segments"
DAYS = 548  # 18 months of history
RATES = {"USD": "1", "EUR": "0.92", "GBP": "0.79", "CNY": "7.1", "JPY": "150"}

SEED_SQL = [
    """
    INSERT INTO accounts_user (id, password, is_superuser, first_name, last_name, is_staff,
                               is_active, date_joined, email)
    SELECT n, '!', false, '', '', false, true, %(first_day)s + n * %(step)s::interval,
           'member' || n || '@bench.example'
    FROM generate_series(1, %(members)s) AS n
    """,
    """
    INSERT INTO members_member (id, company_name, vat_id, country, phone, whatsapp,
        preferred_language, preferred_currency, timezone, purchasing_needs, customer_type,
        segment, marketing_consent, referral_code, external_id, created_at, updated_at, user_id)
    SELECT n, 'Bench company ' || n, '', 'DE', '', '', 'en',
           (%(currencies)s::text[])[1 + n %% 5], 'UTC', '', '', 'member', false, 'BENCH' || n,
           '', u.date_joined, u.date_joined, n
    FROM accounts_user AS u JOIN generate_series(1, %(members)s) AS n ON u.id = n
    """,
    # A fifth of the members hold 2,000-6,000 points (the "at risk" threshold is 2,000).
    """
    INSERT INTO ledger_pointsaccount (id, member_id, available, pending, lifetime_earned,
                                      updated_at)
    SELECT id, id, CASE WHEN id %% 5 = 0 THEN 2000 + id %% 4000 ELSE id %% 500 END, 0,
           CASE WHEN id %% 5 = 0 THEN 2000 + id %% 4000 ELSE id %% 500 END, now()
    FROM members_member
    """,
    """
    INSERT INTO ledger_ledgerentry (id, account_id, points, kind, reason, source,
                                    idempotency_key, fingerprint, created_at)
    SELECT n, a, 50, 'earn', 'bench', 'order:' || n, 'bench:' || n, 'bench',
           m.created_at + (now() - m.created_at) * ((n * 7919) %% 1000) / 1000.0
    FROM generate_series(1, %(entries)s::bigint) AS n
    CROSS JOIN LATERAL (SELECT 1 + (n * 7) %% %(members)s AS a) AS pick
    JOIN members_member AS m ON m.id = pick.a
    """,
    # Orders by members (skewed: low ids order more), 95 % paid an hour after being placed,
    # a tenth partly refunded.
    """
    INSERT INTO orders_order (number, access_token, email, language, status, currency,
        exchange_rate, subtotal_amount, discount_amount, shipping_amount, total_amount,
        refunded_amount, payment_method, incoterm, freight_quoted_later, ship_to_name,
        ship_to_company, ship_to_line1, ship_to_line2, ship_to_city, ship_to_postal_code,
        ship_to_region, ship_to_country, ship_to_phone, vat_id, po_number, notes, placed_at,
        updated_at, external_id, priority_service, received_amount, shipping_discount_amount,
        shipping_discount_label, billing_address, member_id, paid_at, reverse_charge,
        incoterm_place)
    SELECT 'B' || n, 'bench-' || n, 'order' || n || '@bench.example', 'en',
           CASE WHEN n %% 20 = 0 THEN 'pending_payment' WHEN n %% 10 = 1
                THEN 'partially_refunded' ELSE 'completed' END,
           m.preferred_currency, (%(rates)s::jsonb ->> m.preferred_currency)::numeric,
           100 + n %% 9000, 0, 0, 100 + n %% 9000,
           CASE WHEN n %% 10 = 1 THEN 50 ELSE 0 END,
           'bank_transfer', 'FOB', false, 'Buyer', '', 'Street 1', '', 'City', '', '', 'DE',
           '', '', '', '', placed, placed, '', false, 0, 0, '', '',
           m.id, CASE WHEN n %% 20 = 0 THEN NULL ELSE placed + interval '1 hour' END, false, ''
    FROM generate_series(1, %(orders)s::bigint) AS n
    CROSS JOIN LATERAL (SELECT 1 + floor(%(members)s * power(((n * 104729) %% 100003)
                                          / 100003.0, 2))::int AS member) AS pick
    JOIN members_member AS m ON m.id = pick.member
    CROSS JOIN LATERAL (SELECT m.created_at + (now() - m.created_at)
                               * ((n * 7907) %% 1000) / 1000.0 AS placed) AS timing
    """,
]
SEQUENCES = ["accounts_user", "members_member", "ledger_pointsaccount", "ledger_ledgerentry"]


def seed(env: dict, options) -> None:
    import json

    from django.utils import timezone

    parameters = {
        "members": options.members,
        "orders": options.orders,
        "entries": options.entries,
        "step": f"{DAYS * 86400 // options.members} seconds",
        "first_day": timezone.now() - timedelta(days=DAYS),
        "currencies": list(RATES),
        "rates": json.dumps(RATES),
    }
    owner = connect(env)
    owner.autocommit = True
    with owner.cursor() as cursor:
        for statement in SEED_SQL:
            start = time.perf_counter()
            cursor.execute(statement, parameters)
            summary = " ".join(statement.split())[:60]
            print(
                f"  seeded {cursor.rowcount:>10,} rows in {time.perf_counter() - start:6.1f} s"
                f"  {summary}"
            )
        for table in SEQUENCES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("VACUUM ANALYZE")
    owner.close()


def vacuum(env: dict) -> None:
    """What autovacuum does between two nightly runs (each rewrites every member's row)."""
    owner = connect(env)
    owner.autocommit = True
    with owner.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE members_member")
    owner.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database", default=DATABASE, help="scratch database's name")
    options = parser.parse_args()

    env = bench_environment(options.database)
    if not options.keep:
        ensure_database(env, recreate=True)
        manage(env, "migrate", "-v", "0")
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from apps.analytics.segments import members_by_segment, score_members, scores_query
    from apps.members.models import Member
    from apps.orders.models import Order

    if not options.keep:
        start = time.perf_counter()
        seed(env, options)
        print(f"  seeding took {time.perf_counter() - start:.0f} s")

    print(
        f"RFM scoring: {Member.objects.count():,} members, {Order.objects.count():,} orders "
        f"({Order.objects.filter(paid_at__gt=timezone.now() - timedelta(days=365)).count():,} "
        "paid in the last 12 months):"
    )
    durations = []
    for run in range(1, options.runs + 1):
        if run > 1:
            vacuum(env)  # as autovacuum leaves the table by the next night
        start = time.perf_counter()
        scored = score_members(as_of=timezone.now())
        durations.append(time.perf_counter() - start)
        after = " (after VACUUM)" if run > 1 else ""
        print(f"  run {run}{after}: {scored:,} members scored in {durations[-1]:6.2f} s")
    sql, parameters = scores_query(as_of=timezone.now())
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS scores", parameters)  # noqa: S608
    print(f"  the scores query alone (no write): {time.perf_counter() - start:6.2f} s")
    for segment, members in members_by_segment():
        print(f"    {segment or 'not scored':<16} {members:>8,}")
    worst = max(durations)
    median = statistics.median(durations)
    verdict = "met" if worst < 30 else "NOT met"
    print(f"  target < 30 s: {verdict} (median {median:.1f} s, slowest {worst:.1f} s)")


if __name__ == "__main__":
    main()
