"""Programme reports on daily rollups (#18), each beside the naive query with the rollups
emptied (every day computed from the ledger), in the same run on the same Postgres:

1. closing one day of 20,000 ledger entries (``rollups.close_day``). Target: under 5 s;
2. the points accounting API for 365 days (``GET /api/v1/reports/points-accounting/``), from
   the rollups; median of 5 requests. Target: under 300 ms. Naive: the same request with the
   rollups emptied (measured on ``--naive-days`` days and scaled to 365: every day costs the
   same live computation).

Seeded with set-based SQL as the owner role: ``--members`` members (enrolled over 18 months),
10 paid orders and 30 ledger entries each over 18 months (earns with their lots, a third of
them pending for 14 days, and spends), plus 20,000 entries on yesterday. Full size:
100,000 members, 1,000,000 orders, 3,000,000 entries (``--members 100000``).

    .venv/bin/python benchmarks/bench_reports.py [--members 100000] [--naive-days 30]
        [--database NAME] [--keep] [--requests 5]

``--keep`` reuses the database seeded by an earlier run (seeding the full size takes minutes):
only the days of the last 365 not closed yet are closed before the timed part (the 20,000
entries stay on the day they were seeded on, which is "yesterday" only on the seeding day).
Every figure is printed with the load average beside it (the machine may be shared).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_ledger import recreate_database
from benchmarks.harness import ROOT, bench_environment, connect

SEED_SQL = """
INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff, is_active,
                           date_joined, email)
SELECT '!', FALSE, '', '', FALSE, TRUE, now(), 'bench' || g || '@example.com'
FROM generate_series(1, %(members)s) AS g;

INSERT INTO members_member (user_id, company_name, vat_id, country, phone, whatsapp,
    preferred_language, preferred_currency, timezone, purchasing_needs, customer_type, segment,
    marketing_consent, referral_code, external_id, created_at, updated_at)
SELECT id, '', '', (ARRAY['DE', 'FR', 'US', 'JP', 'CN'])[1 + id %% 5], '', '', 'en',
       (ARRAY['USD', 'EUR', 'GBP'])[1 + id %% 3], 'UTC', '',
       (ARRAY['distributor', 'end_customer', 'oem'])[1 + id %% 3], 'member', FALSE, 'R' || id,
       '', now() - interval '550 days' + (id %% 540) * interval '1 day', now()
FROM accounts_user WHERE email LIKE 'bench%%';

INSERT INTO ledger_pointsaccount (member_id, available, pending, lifetime_earned, updated_at)
SELECT id, 0, 0, 0, now() FROM members_member;

CREATE TEMP TABLE moments AS
SELECT a.id AS account_id, n,
       CASE WHEN n %% 3 = 0 THEN 'spend' ELSE 'earn' END AS kind,
       now() - interval '540 days' + ((a.id * 7 + n * 17) %% 539) * interval '1 day'
           + (n * 47 %% 1440) * interval '1 minute' AS at
FROM ledger_pointsaccount AS a CROSS JOIN generate_series(1, %(entries)s) AS n
UNION ALL
SELECT a.id, 1000 + n, 'earn',
       date_trunc('day', now()) - interval '1 day' + (n * 83 %% 1440) * interval '1 minute'
FROM (SELECT id, row_number() OVER (ORDER BY id) AS r FROM ledger_pointsaccount) AS a
CROSS JOIN generate_series(1, 20) AS n
WHERE a.r <= %(target)s / 20;

WITH entries AS (
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, idempotency_key,
                                    fingerprint, created_at)
    SELECT account_id, CASE WHEN kind = 'earn' THEN 10 ELSE -5 END, kind, 'bench',
           CASE WHEN kind = 'earn' THEN 'order:' || n ELSE 'redemption:' || n END,
           'bench:' || n, 'bench', at
    FROM moments
    RETURNING id, account_id, kind, created_at
)
INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at, released,
                              expires_at, source)
SELECT account_id, id, 10, 10,
       CASE WHEN id %% 3 = 0 THEN created_at + interval '14 days' ELSE created_at END,
       (CASE WHEN id %% 3 = 0 THEN created_at + interval '14 days' ELSE created_at END) <= now(),
       NULL, 'bench'
FROM entries WHERE kind = 'earn';

UPDATE ledger_pointsaccount AS a SET
    available = totals.points - totals.pending, pending = totals.pending
FROM (
    SELECT e.account_id, sum(e.points) AS points,
           coalesce(sum(l.points) FILTER (WHERE l.available_at > now()), 0) AS pending
    FROM ledger_ledgerentry AS e LEFT JOIN ledger_pointslot AS l ON l.entry_id = e.id
    GROUP BY e.account_id
) AS totals WHERE totals.account_id = a.id;

INSERT INTO orders_order (number, access_token, member_id, email, language, status, currency,
    exchange_rate, subtotal_amount, discount_amount, shipping_amount, shipping_discount_amount,
    shipping_discount_label, total_amount, refunded_amount, received_amount, payment_method,
    incoterm, freight_quoted_later, priority_service, ship_to_name, ship_to_company,
    ship_to_line1, ship_to_line2, ship_to_city, ship_to_postal_code, ship_to_region,
    ship_to_country, ship_to_phone, vat_id, billing_address, po_number, notes, placed_at,
    paid_at, updated_at, external_id)
SELECT 'B' || m.id || '-' || n, md5(m.id || '-' || n), m.id, 'x@example.com', 'en', 'paid',
       'USD', 1, 100, 0, 0, 0, '', 100, 0, 100, 'bank_transfer', 'FOB', FALSE, FALSE, '', '',
       '', '', '', '', '', 'DE', '', '', '', '', '', paid, paid, paid, ''
FROM members_member AS m
CROSS JOIN generate_series(1, %(orders)s) AS n
CROSS JOIN LATERAL (
    SELECT now() - ((m.id * 13 + n * 29) %% 540) * interval '1 day' AS paid
) AS spread;
ANALYZE;
"""

CHILD = """
import statistics, sys, time, django
django.setup()
from datetime import timedelta
from django.db import transaction
from django.test import Client
from django.utils import timezone
from apps.analytics import rollups
from apps.analytics.models import DailyFigures, ReportingDay
from apps.integrations.keys import create_api_key

naive_days, requests = int(sys.argv[1]), int(sys.argv[2])
today = timezone.localdate()
yesterday = today - timedelta(days=1)
first = today - timedelta(days=364)
# The day with the most entries (the seeded 20,000: yesterday on the seeding day).
busiest = (
    ReportingDay.objects.filter(day__gte=first).order_by("-ledger_entries").first()
)

started = time.perf_counter()
closed_now = 0
day = first
while day <= yesterday:
    if not ReportingDay.objects.filter(day=day).exists():
        rollups.close_day(day)
        closed_now += 1
    day += timedelta(days=1)
backfill = time.perf_counter() - started
if busiest is None:
    busiest = ReportingDay.objects.filter(day__gte=first).order_by("-ledger_entries").first()
entries = busiest.ledger_entries

closes = []
for _ in range(3):
    started = time.perf_counter()
    rollups.rebuild_days(busiest.day, busiest.day)
    closes.append(time.perf_counter() - started)

key = create_api_key(name="bench", scopes=["reports:read"]).key
client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_HOST="localhost")
url = "/api/v1/reports/points-accounting/"

def request(first_day):
    started = time.perf_counter()
    response = client.get(url, {"from": str(first_day), "to": str(today)})
    assert response.status_code == 200, response.content
    return time.perf_counter() - started, len(response.json()["days"])

request(first)  # warm-up
rolled = [request(first)[0] for _ in range(requests)]
with transaction.atomic():
    DailyFigures.objects.all().delete()
    ReportingDay.objects.all().delete()
    naive, days = request(today - timedelta(days=naive_days - 1))
    transaction.set_rollback(True)
print(f"{backfill:.1f} {entries} {statistics.median(closes):.2f} "
      f"{statistics.median(rolled) * 1000:.0f} {naive:.2f} {days} {closed_now} "
      f"{','.join(f'{c:.2f}' for c in closes)} {','.join(f'{r * 1000:.0f}' for r in rolled)}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--naive-days", type=int, default=30)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--database", default="storefront_bench_reports")
    parser.add_argument("--keep", action="store_true", help="reuse the seeded database")
    parser.add_argument("--seed-only", action="store_true", help="seed, measure nothing")
    args = parser.parse_args()
    env = bench_environment(args.database)
    env["LOG_LEVEL"] = "WARNING"
    started = time.perf_counter()
    if not args.keep:
        recreate_database(env)
        connection = connect(env)
        with connection, connection.cursor() as cursor:
            cursor.execute(
                SEED_SQL, {"members": args.members, "entries": 30, "orders": 10, "target": 20_000}
            )
        connection.close()
    connection = connect(env)
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_member")
        members = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM ledger_ledgerentry")
        entries = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM orders_order")
        orders = cursor.fetchone()[0]
    connection.close()
    seeded = time.perf_counter() - started
    print(
        f"{'reused' if args.keep else 'seeded'} {members:,} members, {orders:,} orders, "
        f"{entries:,} entries in {seeded:.0f} s"
    )
    if args.seed_only:
        return
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(args.naive_days), str(args.requests)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.split()
    backfill, day_entries, close, api_ms, naive, naive_days, closed_now, closes, rolled = output
    naive_365 = float(naive) / int(naive_days) * 365
    load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    print(f"closed {closed_now} of the last 364 days: {backfill} s")
    print(
        f"close one day of {int(day_entries):,} entries: {close} s median of {closes} "
        f"(target < 5 s); {load}"
    )
    print(
        f"accounting API, 365 days from the rollups: {api_ms} ms median of {rolled} "
        f"(target < 300 ms); {load}"
    )
    print(
        f"naive (rollups emptied): {naive} s for {naive_days} days, {naive_365:.1f} s for 365 "
        f"(scaled); ratio {naive_365 * 1000 / float(api_ms):.0f}x"
    )


if __name__ == "__main__":
    main()
