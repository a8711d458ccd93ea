"""Tier re-evaluation: 100,000 members with 1,000,000 paid orders. Target: under 60 s.

Seeds a scratch database with SQL (orders spread over 18 months, amounts so that members land
in every tier), gives every member a starting tier, then times ``reevaluate_all`` (upgrades,
grace periods and downgrades) in a child process and reports its peak memory.

    .venv/bin/python benchmarks/bench_tiers.py [--members 100000] [--orders-per-member 10]
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_ledger import SEED_SQL, recreate_database
from benchmarks.harness import ROOT, bench_environment, connect

ORDERS_SQL = (
    """
INSERT INTO tiers_tier (name, name_en, rank, badge_colour, qualifying_spend, qualification,
    grace_days, discount_percent, points_multiplier, free_shipping, priority_service,
    account_manager, early_access)
VALUES ('Member', 'Member', 0, '#64748b', NULL, 'any', 30, 0, 1, f, f, f, f),
       ('Silver', 'Silver', 1, '#94a3b8', 1000, 'any', 30, 5, 1.1, f, f, f, f),
       ('Gold', 'Gold', 2, '#d97706', 5000, 'any', 30, 8, 1.2, f, t, f, f),
       ('Platinum', 'Platinum', 3, '#334155', 20000, 'any', 30, 12, 1.3, t, t, t, f);

INSERT INTO orders_order (number, access_token, member_id, email, language, status, currency,
    exchange_rate, subtotal_amount, discount_amount, shipping_amount, total_amount,
    refunded_amount, payment_method, incoterm, freight_quoted_later, ship_to_name,
    ship_to_company, ship_to_line1, ship_to_line2, ship_to_city, ship_to_postal_code,
    ship_to_region, ship_to_country, ship_to_phone, vat_id, po_number, notes, placed_at,
    paid_at, updated_at, external_id)
SELECT 'B' || m.id || '-' || n, md5(m.id || '-' || n), m.id, 'x@example.com', 'en', 'paid',
       'USD', 1, amount, 0, 0, amount, 0, 'bank_transfer', 'FOB', f, '', '', '', '', '', '',
       '', 'DE', '', '', '', '', paid, paid, paid, ''
FROM members_member AS m
CROSS JOIN generate_series(1, %(orders)s) AS n
CROSS JOIN LATERAL (
    SELECT ((m.id * 37 + n * 11) %% 4000 + 10)::numeric AS amount,
           now() - ((m.id * 13 + n * 29) %% 540) * interval '1 day' AS paid
) AS spread;

INSERT INTO tiers_tierstatus (member_id, tier_id, since)
SELECT m.id, (SELECT id FROM tiers_tier WHERE rank = (m.id %% 4)), now() - interval '400 days'
FROM members_member AS m;
ANALYZE;
""".replace(" f,", " FALSE,")
    .replace(" t,", " TRUE,")
    .replace(" f)", " FALSE)")
)

CHILD = """
import resource, time, django
django.setup()
from django.utils import timezone
from apps.tiers.services import reevaluate_all
started = time.perf_counter()
changes = reevaluate_all(as_of=timezone.now())
elapsed = time.perf_counter() - started
again = time.perf_counter()
second = reevaluate_all(as_of=timezone.now())
rerun = time.perf_counter() - again
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.2f} {changes} {rerun:.2f} {second} {peak:.0f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--orders-per-member", type=int, default=10)
    args = parser.parse_args()
    env = bench_environment("storefront_bench_tiers")
    env["LOG_LEVEL"] = "WARNING"
    recreate_database(env)
    started = time.perf_counter()
    connection = connect(env)
    with connection, connection.cursor() as cursor:
        cursor.execute(SEED_SQL, {"members": args.members, "lots": 1})
        cursor.execute(ORDERS_SQL, {"orders": args.orders_per_member})
    connection.close()
    orders = args.members * args.orders_per_member
    print(
        f"seeded {args.members} members, {orders} paid orders in "
        f"{time.perf_counter() - started:.1f} s"
    )
    output = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    elapsed, changes, rerun, second, peak = output
    print(f"reevaluate_all: {elapsed} s, {changes} tier changes (target < 60 s)")
    print(
        f"second run: {rerun} s, {second} changes (grace periods started by the first run "
        "are not yet over, so nothing more changes)"
    )
    print(f"peak memory: {peak} MB")


if __name__ == "__main__":
    main()
