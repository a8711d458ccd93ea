"""The programme dashboard for 365 days, with 100,000 members, 1,000,000 orders and 3,000,000
ledger entries over 18 months. Target: the page renders in under 1 s.

Seeds a scratch database ``storefront_bench_programme`` set-based, as the tables' owner role
(members, accounts, ledger entries and their lots, orders, tier history, referrals, and 18
months of closed days: one ``DailyFigures`` row per day and combination of dimensions, the shape
the closing job leaves), then renders ``/admin/?period=365`` in-process through Django's test
client as a superuser (the whole request: middleware, session, queries, templates) with
production-shaped settings (DEBUG off). Prints the page's median and 95th percentile (today's
rows and the at-risk count are kept for the minute: only the first request of a minute computes
them, as when beat's refresh task is not running), the same with nothing kept (every figure
computed in the request), the time of each part, and beside it the naive way: the same sums
straight from the ledger, orders and members (the rollups' own statement over the two 365-day
periods) and the page with the rollups emptied.

    .venv/bin/python benchmarks/bench_dashboard.py [--members 100000] [--orders 1000000]
        [--entries 3000000] [--requests 10] [--keep]

``--keep`` reuses the seeded database of a previous run (seeding the full size takes minutes).
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

DATABASE = "storefront_bench_programme"
DAYS = 548  # 18 months of history
COUNTRIES = ["DE", "FR", "GB", "US", "CN", "JP", "ES", "IT", "NL", "PL", "BR", "AE"]
CURRENCIES = ["USD", "EUR", "GBP", "CNY", "JPY"]
CUSTOMER_TYPES = ["", "distributor", "end_customer", "oem"]

SEED_SQL = [
    # Members joined evenly over the 18 months, each with a user and a points account.
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
    SELECT n, 'Bench company ' || n, '', (%(countries)s::text[])[1 + n %% 12], '', '', 'en',
           (%(currencies)s::text[])[1 + n %% 5], 'UTC', '',
           (%(customer_types)s::text[])[1 + n %% 4], 'member', false, 'BENCH' || n, '',
           u.date_joined, u.date_joined, n
    FROM accounts_user AS u JOIN generate_series(1, %(members)s) AS n ON u.id = n
    """,
    """
    INSERT INTO ledger_pointsaccount (id, member_id, available, pending, lifetime_earned,
                                      updated_at)
    SELECT id, id, 0, 0, 0, now() FROM members_member
    """,
    # Entries: 70 % earned, 18 % spent (half on rewards), 5 % expired, 4 % adjusted, 3 %
    # clawed back; each after its member joined.
    """
    INSERT INTO ledger_ledgerentry (id, account_id, points, kind, reason, source,
                                    idempotency_key, fingerprint, created_at)
    SELECT n, a, CASE WHEN k < 70 THEN 50 + n %% 450 WHEN k < 97 AND k >= 93 AND n %% 2 = 0
                      THEN 25 ELSE -(10 + n %% 90) END,
           CASE WHEN k < 70 THEN 'earn' WHEN k < 88 THEN 'spend' WHEN k < 93 THEN 'expire'
                WHEN k < 97 THEN 'adjust' ELSE 'clawback' END,
           'bench', CASE WHEN k >= 70 AND k < 79 THEN 'redemption:' || n ELSE 'order:' || n END,
           'bench:' || n, 'bench',
           m.created_at + (now() - m.created_at) * ((n * 7919) %% 1000) / 1000.0
    FROM generate_series(1, %(entries)s::bigint) AS n
    CROSS JOIN LATERAL (SELECT 1 + (n * 7) %% %(members)s AS a, n %% 100 AS k) AS pick
    JOIN members_member AS m ON m.id = pick.a
    """,
    """
    INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at,
                                  released, expires_at, source)
    SELECT account_id, id, points,
           CASE WHEN created_at > now() - interval '365 days' THEN points ELSE 0 END,
           created_at, true, created_at + interval '365 days', 'bench'
    FROM ledger_ledgerentry WHERE kind = 'earn'
    """,
    """
    UPDATE ledger_pointsaccount AS a
    SET available = greatest(t.total, 0), lifetime_earned = coalesce(t.earned, 0)
    FROM (SELECT account_id, sum(points) AS total,
                 sum(points) FILTER (WHERE kind = 'earn') AS earned
          FROM ledger_ledgerentry GROUP BY account_id) AS t
    WHERE t.account_id = a.id
    """,
    # Orders: 85 % by members, 95 % paid an hour after being placed.
    """
    INSERT INTO orders_order (number, access_token, email, language, status, currency,
        exchange_rate, subtotal_amount, discount_amount, shipping_amount, total_amount,
        refunded_amount, payment_method, incoterm, freight_quoted_later, ship_to_name,
        ship_to_company, ship_to_line1, ship_to_line2, ship_to_city, ship_to_postal_code,
        ship_to_region, ship_to_country, ship_to_phone, vat_id, po_number, notes, placed_at,
        updated_at, external_id, priority_service, received_amount, shipping_discount_amount,
        shipping_discount_label, billing_address, member_id, paid_at, reverse_charge,
        incoterm_place, deposit_amount, payment_terms, credit_line)
    SELECT 'B' || n, 'bench-' || n, 'order' || n || '@bench.example', 'en',
           CASE WHEN n %% 20 = 0 THEN 'pending_payment' ELSE 'completed' END,
           coalesce(m.preferred_currency, 'USD'), 1, 100 + n %% 900, 0, 0, 100 + n %% 900, 0,
           'bank_transfer', 'FOB', false, 'Buyer', '', 'Street 1', '', 'City', '', '',
           coalesce(m.country, 'DE'), '', '', '', '', placed, placed, '', false, 0, 0, '', '',
           m.id, CASE WHEN n %% 20 = 0 THEN NULL ELSE placed + interval '1 hour' END, false, '',
           0, '', ''
    FROM generate_series(1, %(orders)s::bigint) AS n
    CROSS JOIN LATERAL (SELECT CASE WHEN n %% 100 < 85 THEN 1 + (n * 13) %% %(members)s END
                        AS member) AS pick
    LEFT JOIN members_member AS m ON m.id = pick.member
    CROSS JOIN LATERAL (SELECT coalesce(m.created_at, %(first_day)s)
        + (now() - coalesce(m.created_at, %(first_day)s))
          * ((n * 104729) %% 1000) / 1000.0 - interval '2 hours' AS placed) AS timing
    """,
    # Tiers: everyone enters the first at joining, 30 % move up later, 5 % of those back down.
    """
    INSERT INTO tiers_tierchange (member_id, from_tier_id, to_tier_id, reason, created_at)
    SELECT id, NULL, %(tier_1)s, 'Joined', created_at FROM members_member
    UNION ALL
    SELECT id, %(tier_1)s, CASE WHEN id %% 10 < 2 THEN %(tier_2)s ELSE %(tier_3)s END,
           'Qualified', created_at + (now() - created_at) / 2
    FROM members_member WHERE id %% 10 < 3
    UNION ALL
    SELECT id, %(tier_2)s, %(tier_1)s, 'Not retained', created_at + (now() - created_at) * 0.9
    FROM members_member WHERE id %% 20 = 1
    """,
    """
    INSERT INTO tiers_tierstatus (member_id, tier_id, since, set_by_hand)
    SELECT DISTINCT ON (member_id) member_id, to_tier_id, created_at, false FROM tiers_tierchange
    ORDER BY member_id, created_at DESC, id DESC
    """,
    """
    INSERT INTO members_referral (referrer_id, referred_id, status, note, created_at, channel)
    SELECT 1 + (id * 31) %% %(members)s, id,
           CASE WHEN id %% 3 = 0 THEN 'rewarded' ELSE 'signed_up' END, '', created_at, 'link'
    FROM members_member WHERE id %% 20 = 0 AND 1 + (id * 31) %% %(members)s <> id
    """,
    # 18 months of closed days: a row per day and combination of dimensions.
    """
    INSERT INTO analytics_reportingday (day, closed_at, ledger_entries)
    SELECT d::date, now(), 0
    FROM generate_series(%(first_day)s::date, current_date - 1, interval '1 day') AS d
    """,
    """
    INSERT INTO analytics_dailyfigures (day, currency, country, tier, customer_type,
        members_joined, active_members, member_orders, member_sales, guest_orders, guest_sales,
        points_earned_pending, points_earned_available, points_released,
        points_spent_checkout, points_spent_rewards, points_clawed_back, points_expired,
        points_adjusted_up, points_adjusted_down, points_returned, closing_available,
        closing_pending)
    SELECT d.day, dims.currency, dims.country, dims.tier, dims.customer_type,
           h %% 3, h %% 7, h %% 5, (h %% 5) * 480, h %% 2, (h %% 2) * 390,
           h %% 40, 300 + h %% 900, h %% 40, 100 + h %% 300, h %% 120, h %% 15, h %% 60,
           h %% 10, h %% 5, h %% 8, 20000 + h %% 9000, h %% 500
    FROM (SELECT day::date FROM analytics_reportingday) AS d
    CROSS JOIN (SELECT DISTINCT preferred_currency AS currency, country,
                       coalesce(ts.tier_id::text, '') AS tier, customer_type
                FROM members_member AS m LEFT JOIN tiers_tierstatus AS ts ON ts.member_id = m.id
               ) AS dims
    CROSS JOIN LATERAL (SELECT abs(hashtext(d.day::text || dims.country || dims.tier
                                            || dims.customer_type)) AS h) AS hashed
    """,
]


def member_bitmaps_sql() -> list[str]:
    """Each closed day's active members, buyers and repeat buyers as the closing job stores
    them (one bit per member)."""
    from apps.analytics.rollups import BITMAP_OF_IDS

    active = f"""
    INSERT INTO analytics_activemembers (day_id, members, buyers, repeat_buyers)
    SELECT day, {BITMAP_OF_IDS}, '', ''
    FROM (SELECT day, member_id, lag(member_id) OVER (PARTITION BY day ORDER BY member_id)
                 AS previous
          FROM (SELECT (e.created_at AT TIME ZONE %(zone)s)::date AS day, a.member_id
                FROM ledger_ledgerentry AS e JOIN ledger_pointsaccount AS a ON a.id = e.account_id
                WHERE e.kind IN ('earn', 'spend')
                UNION
                SELECT (paid_at AT TIME ZONE %(zone)s)::date, member_id FROM orders_order
                WHERE member_id IS NOT NULL AND paid_at IS NOT NULL) AS active
          WHERE day IN (SELECT day FROM analytics_reportingday)) AS ids
    GROUP BY day
    """  # noqa: S608 - the rollups' SQL, values as parameters
    buyers = [
        f"""
    UPDATE analytics_activemembers AS t SET {column} = bits.bits
    FROM (SELECT day, {BITMAP_OF_IDS} AS bits
          FROM (SELECT day, member_id,
                       lag(member_id) OVER (PARTITION BY day ORDER BY member_id) AS previous
                FROM (SELECT (paid_at AT TIME ZONE %(zone)s)::date AS day, member_id
                      FROM orders_order WHERE member_id IS NOT NULL AND paid_at IS NOT NULL
                      GROUP BY 1, 2 HAVING count(*) >= {orders}) AS paid) AS ids
          GROUP BY day) AS bits
    WHERE t.day_id = bits.day
    """  # noqa: S608 - the rollups' SQL, values as parameters
        for column, orders in (("buyers", 1), ("repeat_buyers", 2))
    ]
    return [active, *buyers]


SEQUENCES = ["accounts_user", "members_member", "ledger_pointsaccount", "ledger_ledgerentry"]


def seed(env: dict, options) -> None:
    from django.conf import settings
    from django.utils import timezone

    from apps.tiers.models import Tier

    tiers = [
        Tier.objects.create(name=name, rank=rank)
        for rank, name in enumerate(["Member", "Silver", "Gold"], start=1)
    ]
    parameters = {
        "members": options.members,
        "orders": options.orders,
        "entries": options.entries,
        "step": f"{DAYS * 86400 // options.members} seconds",
        "first_day": timezone.now() - timedelta(days=DAYS),
        "zone": settings.TIME_ZONE,
        "countries": COUNTRIES,
        "currencies": CURRENCIES,
        "customer_types": CUSTOMER_TYPES,
        **{f"tier_{n}": tier.pk for n, tier in enumerate(tiers, start=1)},
    }
    owner = connect(env)
    owner.autocommit = True
    with owner.cursor() as cursor:
        for statement in [*SEED_SQL, *member_bitmaps_sql()]:
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


def superuser():
    from allauth.mfa.totp.internal.auth import TOTP

    from apps.accounts.models import User

    user = User.objects.create_superuser(email="bench-admin@bench.example", password="x" * 20)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff must have two factors
    return user


def timed(call, repeat: int) -> list[float]:
    durations = []
    for _run in range(repeat):
        start = time.perf_counter()
        call()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def describe(label: str, durations: list[float]) -> str:
    p50 = statistics.median(durations)
    p95 = max(durations) if len(durations) < 20 else statistics.quantiles(durations, n=20)[-1]
    load = os.getloadavg()[0]
    return (
        f"  {label:<46} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   ({len(durations)} runs, "
        f"load average {load:.1f})"
    )


def parts(repeat: int) -> list[str]:
    """Each part of the page timed alone."""
    from django.utils import timezone

    from apps.analytics import dashboard_queries as queries
    from apps.analytics.dashboard import Filters, Period, rollup
    from apps.analytics.rollups import live_figures

    today = timezone.localdate()
    period = Period.last_days(365, today=today)
    before = period.previous()
    filters = Filters(period)
    steps = {
        "rollups: both periods' sums and balances": lambda: [
            rollup(filters, p, today=today, live=lambda day: []) for p in (period, before)
        ],
        "today live (rollups.live_figures)": lambda: live_figures(today),
        "members in total (both period ends)": lambda: [
            queries.members_total(filters, at=p.ends) for p in (period, before)
        ],
        "active members and repurchase (both periods)": lambda: queries.member_activity(
            filters, period, before
        ),
        "tier distribution": lambda: queries.tier_distribution(filters, at=period.ends),
        "tier migration": lambda: queries.tier_migration(filters, period),
        "referral conversion": lambda: queries.referral_conversion(filters, period, before),
        "top rewards": lambda: queries.top_rewards(filters, period),
        "members at risk": lambda: queries.at_risk_members(filters, as_of=timezone.now()),
    }
    return [describe(f"  {label}", timed(step, repeat)) for label, step in steps.items()]


def naive(repeat: int) -> list[float]:
    """The dashboard's sums straight from the ledger, orders and members: the rollups'
    statement over each whole 365-day period (what the page would run without rollups)."""
    from django.db import connection
    from django.utils import timezone

    from apps.analytics.dashboard import Period
    from apps.analytics.rollups import FIGURES_SQL

    period = Period.last_days(365, today=timezone.localdate())

    def run():
        for part in (period, period.previous()):
            with connection.cursor() as cursor:
                cursor.execute(FIGURES_SQL, {"start": part.starts, "cutoff": part.ends})
                cursor.fetchall()

    return timed(run, repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=3_000_000)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database", default=DATABASE, help="scratch database's name")
    options = parser.parse_args()

    env = bench_environment(options.database)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    if not options.keep:
        ensure_database(env, recreate=True)
        manage(env, "migrate", "-v", "0")
    os.environ.update(env)

    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from apps.analytics.models import DailyFigures
    from apps.ledger.models import LedgerEntry
    from apps.orders.models import Order

    cache.clear()
    if not options.keep:
        start = time.perf_counter()
        seed(env, options)
        print(f"  seeding took {time.perf_counter() - start:.0f} s")
    from apps.accounts.models import User

    user = User.objects.filter(email="bench-admin@bench.example").first() or superuser()
    client = Client()
    client.force_login(user)
    path = "/admin/?period=365"

    def page():
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        assert b"programme-dashboard" in response.content

    members = user.__class__.objects.count() - 1
    print(
        f"Programme dashboard, 365 days: {members:,} members, {Order.objects.count():,} orders, "
        f"{LedgerEntry.objects.count():,} ledger entries, "
        f"{DailyFigures.objects.count():,} rollup rows:"
    )
    page()  # warm-up: templates, translations, connections
    durations = timed(page, options.requests)
    print(describe("/admin/?period=365 (rollups)", durations))

    def cold_page():
        cache.clear()  # today's rows and the at-risk count computed in the request
        page()

    cold = timed(cold_page, max(3, options.requests // 2))
    print(describe("the same, nothing kept from earlier requests", cold))
    print("\n".join(parts(max(3, options.requests // 2))))
    straight = naive(max(1, options.requests // 5))
    print(describe("naive: sums straight from the ledger (2 periods)", straight))

    owner = connect(env)
    owner.autocommit = True
    with owner.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_rollups_aside AS SELECT * FROM analytics_dailyfigures")
        cursor.execute("TRUNCATE analytics_dailyfigures")
        cursor.execute("CREATE TABLE bench_active_aside AS SELECT * FROM analytics_activemembers")
        cursor.execute("TRUNCATE analytics_activemembers")
    try:
        emptied = timed(cold_page, options.requests)
    finally:
        with owner.cursor() as cursor:
            cursor.execute("INSERT INTO analytics_dailyfigures SELECT * FROM bench_rollups_aside")
            cursor.execute("DROP TABLE bench_rollups_aside")
            cursor.execute("INSERT INTO analytics_activemembers SELECT * FROM bench_active_aside")
            cursor.execute("DROP TABLE bench_active_aside")
        owner.close()
    print(describe("/admin/?period=365 with the rollups emptied", emptied))
    p50 = statistics.median(durations)
    naive_page = statistics.median(emptied) + statistics.median(straight)
    print(
        f"  naive page (emptied page + sums from the ledger): ~{naive_page:.0f} ms, "
        f"{naive_page / p50:.1f} x the page on rollups"
    )
    verdict = "met" if p50 < 1000 else "NOT met"
    print(f"  target p50 < 1 s: {verdict} ({p50:.0f} ms)")


if __name__ == "__main__":
    main()
