"""What fraud holds cost the ledger (#19), each beside a baseline measured in the same run.

1. The release job: ``ledger_release_due`` over every account in batches of 10,000 (as the
   job calls it), with holds (``0022_release_skips_held.sql``) beside the function before holds
   (``0019_due.sql``), on the same rows: each run in a transaction that is rolled back, the
   two alternated for ``--rounds`` rounds; the median of each.
2. The balance read (``ledger.selectors.BALANCE_SQL``, which now also asks whether the member
   is held) beside the query before holds, for ``--reads`` members.

The earn itself is not changed (``ledger_earn`` is the same function); the points signal runs
after its commit, in the outbox delivery.

    .venv/bin/python benchmarks/bench_fraud.py [--members 100000] [--lots-per-member 5]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import ROOT, bench_environment, connect, ensure_database, manage

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
SELECT id, 0, 10 * %(lots)s, 10 * %(lots)s, now(), now() - interval '1 day'
FROM members_member;

INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, idempotency_key,
                                fingerprint, created_at)
SELECT a.id, 10, 'earn', 'bench', 'bench:' || n, 'bench:' || n, 'bench',
       now() - interval '20 days'
FROM ledger_pointsaccount AS a CROSS JOIN generate_series(1, %(lots)s) AS n;

INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at, released,
                              expires_at, source)
SELECT account_id, id, 10, 10, created_at + interval '14 days', FALSE,
       created_at + interval '365 days', source
FROM ledger_ledgerentry WHERE reason = 'bench';

-- One member in a hundred held (an open fraud alert).
INSERT INTO ledger_pointshold (member_id, source, reason, created_at)
SELECT id, 'risk-alert:' || id, 'bench', now() FROM members_member WHERE id %% 100 = 0;
ANALYZE;
"""

BEFORE_HOLDS = (ROOT / "apps/ledger/sql/0019_due.sql").read_text()
WITH_HOLDS = (ROOT / "apps/ledger/sql/0022_release_skips_held.sql").read_text()
BATCH = 10_000

# ``BALANCE_SQL`` as it was before holds (migration ledger.0021), for the baseline.
BALANCE_BEFORE = """
WITH account AS (
    SELECT id, lifetime_earned FROM ledger_pointsaccount WHERE member_id = %(member)s
), lots AS (
    SELECT lot.remaining, lot.expires_at,
           (lot.available_at <= %(as_of)s OR (%(current)s AND lot.released)) AS usable
    FROM ledger_pointslot AS lot JOIN account ON lot.account_id = account.id
    WHERE lot.remaining > 0 AND (lot.expires_at IS NULL OR lot.expires_at > %(as_of)s)
), soon AS (
    SELECT expires_at, SUM(remaining) AS points FROM lots
    WHERE usable AND expires_at <= %(soon)s GROUP BY expires_at
)
SELECT account.lifetime_earned,
       (SELECT COALESCE(SUM(remaining) FILTER (WHERE usable), 0) FROM lots),
       (SELECT COALESCE(SUM(remaining) FILTER (WHERE NOT usable), 0) FROM lots),
       (SELECT array_agg(points ORDER BY expires_at) FROM soon),
       (SELECT array_agg(expires_at ORDER BY expires_at) FROM soon)
FROM account
"""


def release_all(connection, function_sql: str) -> tuple[float, int]:
    """Release every account's due lots with ``function_sql`` loaded; rolled back."""
    with connection.cursor() as cursor:
        cursor.execute(function_sql)
        cursor.execute("SELECT id FROM ledger_pointsaccount ORDER BY id")
        accounts = [row[0] for row in cursor.fetchall()]
        started = time.perf_counter()
        released = 0
        for start in range(0, len(accounts), BATCH):
            cursor.execute(
                "SELECT count(*) FROM ledger_release_due(%s, now(), now())",
                [accounts[start : start + BATCH]],
            )
            released += cursor.fetchone()[0]
        elapsed = time.perf_counter() - started
    connection.rollback()
    return elapsed, released


def balance_reads(connection, sql: str, members: list[int]) -> float:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for member in members:
            cursor.execute(
                sql,
                {
                    "member": member,
                    "as_of": "now",
                    "current": True,
                    "soon": "2100-01-01",
                },
            )
            cursor.fetchone()
        elapsed = time.perf_counter() - started
    connection.rollback()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--lots-per-member", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reads", type=int, default=5_000)
    args = parser.parse_args()
    env = bench_environment("storefront_bench_fraud")
    env["LOG_LEVEL"] = "WARNING"
    ensure_database(env, recreate=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    connection = connect(env)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(SEED_SQL, {"members": args.members, "lots": args.lots_per_member})
    connection.commit()
    lots = args.members * args.lots_per_member
    print(
        f"seeded {args.members} members, {lots} due pending lots, 1 % of members held, "
        f"in {time.perf_counter() - started:.1f} s"
    )

    before, after = [], []
    for round_ in range(1, args.rounds + 1):
        old, old_accounts = release_all(connection, BEFORE_HOLDS)
        new, new_accounts = release_all(connection, WITH_HOLDS)
        before.append(old)
        after.append(new)
        print(
            f"  round {round_}: release before holds {old:.2f} s ({old_accounts} accounts), "
            f"with holds {new:.2f} s ({new_accounts} accounts)"
        )
    old, new = statistics.median(before), statistics.median(after)
    print(
        f"release job, median: before holds {old:.2f} s, with holds {new:.2f} s ({new / old:.2f}x)"
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM members_member")
        members = [row[0] for row in cursor.fetchall()]
    sample = random.Random(1).sample(members, min(args.reads, len(members)))
    balance_with_holds = BALANCE_BEFORE.replace(
        "SELECT id, lifetime_earned FROM ledger_pointsaccount WHERE member_id = %(member)s",
        "SELECT id, lifetime_earned, EXISTS (SELECT 1 FROM ledger_pointshold AS hold "
        "WHERE hold.member_id = %(member)s AND hold.lifted_at IS NULL) AS held "
        "FROM ledger_pointsaccount WHERE member_id = %(member)s",
    ).replace(
        "(lot.available_at <= %(as_of)s OR (%(current)s AND lot.released)) AS usable",
        "((lot.available_at <= %(as_of)s AND (lot.released OR NOT account.held)) "
        "OR (%(current)s AND lot.released)) AS usable",
    )
    reads_before, reads_after = [], []
    for _round in range(args.rounds):
        reads_before.append(balance_reads(connection, BALANCE_BEFORE, sample))
        reads_after.append(balance_reads(connection, balance_with_holds, sample))
    old, new = statistics.median(reads_before), statistics.median(reads_after)
    print(
        f"balance read, {len(sample)} members, median: before holds "
        f"{old / len(sample) * 1000:.3f} ms each, with holds {new / len(sample) * 1000:.3f} ms "
        f"each ({new / old:.2f}x)"
    )
    connection.close()


if __name__ == "__main__":
    main()
