"""Time-driven ledger changes, set-based: release pending lots, expire due lots.

Both work in batches of accounts. Each batch locks its accounts (ordered by id; every writer
of an account's lots takes that lock first, so the lots are safe under it) and applies one SQL
statement per step, so a million lots take a few statements per batch rather than a Python loop
per row. Both are idempotent (a released or emptied lot no longer
matches; an expiry entry covers the lots of one account that expired at the same moment and
carries the key ``expire:lot:<first lot id>``), safe to run twice or concurrently
(a second run finds nothing, or waits on the locks), and take ``as_of`` so tests and operators
can run them for a given moment.
"""

from datetime import datetime

from django.db import connection, transaction

from apps.core import events

from .events import PointsExpired
from .models import EntryKind, LedgerEntry, PointsAccount, PointsLot

ACCOUNTS = PointsAccount._meta.db_table
LOTS = PointsLot._meta.db_table
ENTRIES = LedgerEntry._meta.db_table
BATCH_ACCOUNTS = 10_000

RELEASE_DUE = f"""
    WITH due AS (
        SELECT id, account_id, remaining FROM {LOTS}
        WHERE account_id = ANY(%(accounts)s) AND NOT released AND remaining > 0
          AND available_at <= %(as_of)s
        FOR UPDATE
    ), released AS (
        UPDATE {LOTS} AS lot SET released = TRUE FROM due WHERE lot.id = due.id
        RETURNING due.account_id, due.remaining
    ), totals AS (
        SELECT account_id, SUM(remaining) AS points FROM released GROUP BY account_id
    )
    UPDATE {ACCOUNTS} AS account
    SET pending = account.pending - totals.points,
        available = account.available + totals.points,
        updated_at = %(now)s
    FROM totals WHERE account.id = totals.account_id
    RETURNING account.id, account.available, account.pending
"""

EXPIRE_DUE = f"""
    WITH grouped AS (
        -- One entry per account and expiry moment (lots that expire together), its id drawn
        -- up front so that the lots can name it as they are emptied. No FOR UPDATE: the caller
        -- holds these accounts' locks, which every writer of their lots takes first, so
        -- nothing changes the lots under us.
        SELECT account_id, expires_at, SUM(remaining) AS points, MIN(id) AS first_lot,
               nextval(pg_get_serial_sequence('{ENTRIES}', 'id')) AS entry_id
        FROM {LOTS}
        WHERE account_id = ANY(%(accounts)s) AND released AND remaining > 0
          AND expires_at <= %(as_of)s
        GROUP BY account_id, expires_at
    ), emptied AS (
        -- Each lot keeps what it lost and to which entry (SET reads the row before the update).
        UPDATE {LOTS} AS lot
        SET remaining = 0, expired_points = lot.remaining, expired_by_id = grouped.entry_id
        FROM grouped
        WHERE lot.account_id = grouped.account_id AND lot.expires_at = grouped.expires_at
          AND lot.released AND lot.remaining > 0
    ), entries AS (
        INSERT INTO {ENTRIES}
            (id, account_id, points, kind, reason, source, idempotency_key, fingerprint,
             created_at)
        SELECT entry_id, account_id, -points, '{EntryKind.EXPIRE.value}', 'Points expired',
               'lot:' || first_lot, 'expire:lot:' || first_lot, 'expire', expires_at
        FROM grouped
    ), totals AS (
        SELECT account_id, SUM(points) AS points FROM grouped GROUP BY account_id
    )
    UPDATE {ACCOUNTS} AS account
    SET available = account.available - totals.points, updated_at = %(now)s
    FROM totals WHERE account.id = totals.account_id
    RETURNING account.id, account.available, account.pending
"""


NEXT_ACCOUNTS = f"SELECT id FROM {ACCOUNTS} WHERE id > %(after)s ORDER BY id LIMIT %(limit)s"


def _lock_accounts(cursor, accounts: list[int]) -> None:
    cursor.execute(
        f"SELECT id FROM {ACCOUNTS} WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [accounts]
    )


NEXT_DUE = f"""
    UPDATE {ACCOUNTS} SET next_due_at = (
        SELECT MIN(CASE WHEN released THEN expires_at ELSE available_at END) FROM {LOTS}
        WHERE account_id = %(account)s AND remaining > 0
    ) WHERE id = %(account)s
"""


def settle_account(account: PointsAccount, *, as_of: datetime, now: datetime) -> None:
    """Release, then expire, what is due on one account the caller has locked; ``account``'s
    balances are refreshed from what the statements return (no extra read). Nothing to do (and
    no statement) while the account's ``next_due_at`` is in the future."""
    if account.next_due_at is None or account.next_due_at > as_of:
        return
    with connection.cursor() as cursor:
        parameters = {"accounts": [account.pk], "as_of": as_of, "now": now}
        for statement in (RELEASE_DUE, EXPIRE_DUE):
            cursor.execute(statement, parameters)
            row = cursor.fetchone()
            if row is not None:
                account.available, account.pending = row[1], row[2]
                if statement is EXPIRE_DUE:
                    events.publish(PointsExpired(account_ids=[account.pk], as_of=as_of))
        cursor.execute(NEXT_DUE, {"account": account.pk})


def _run(step: str, *, as_of: datetime, now: datetime, batch: int) -> int:
    """Apply ``step`` to every account, ``batch`` accounts (in id order) per transaction.

    Walking the accounts table by id keeps each batch an index range; each statement then finds
    the batch's due lots through the per-account lot index.
    """
    statement = RELEASE_DUE if step == "release" else EXPIRE_DUE
    touched, after = 0, 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            # JIT compilation costs more than it saves on these short, wide statements; the
            # grouping and join of a batch's lots fit in memory instead of spilling to disk.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute(NEXT_ACCOUNTS, {"after": after, "limit": batch})
            accounts = [row[0] for row in cursor.fetchall()]
            if not accounts:
                return touched
            _lock_accounts(cursor, accounts)
            cursor.execute(statement, {"accounts": accounts, "as_of": as_of, "now": now})
            changed = [row[0] for row in cursor.fetchall()]
            touched += len(changed)
            if changed and step == "expire":
                # One event per batch, not per lot: subscribers find the batch's expiry entries
                # (kind "expire", created at or before ``as_of``) on these accounts.
                events.publish(PointsExpired(account_ids=changed, as_of=as_of))
        after = accounts[-1]


def release_due_lots(*, as_of: datetime, now: datetime, batch: int = BATCH_ACCOUNTS) -> int:
    """Make pending lots whose return window has passed available. Returns accounts touched."""
    return _run("release", as_of=as_of, now=now, batch=batch)


def expire_due_lots(*, as_of: datetime, now: datetime, batch: int = BATCH_ACCOUNTS) -> int:
    """Expire what remains of lots due by ``as_of``: one entry per account and expiry moment,
    each lot recording it (``expired_by``, ``expired_points``). Returns accounts touched."""
    return _run("expire", as_of=as_of, now=now, batch=batch)
