"""Time-driven ledger changes: release pending lots, expire due lots, settle one account.

The work is done by database functions running as the ledger tables' owner
(``apps/ledger/sql/0019_due.sql``): each batch of accounts (in id order) is locked and changed
with one statement per step, so a million lots take a few statements per batch rather than a
Python loop per row. Both are idempotent (a released or emptied lot no longer matches; an expiry
entry covers the lots of one account that expired at the same moment and carries the key
``expire:lot:<first lot id>``), safe to run twice or concurrently (a second run finds nothing,
or waits on the locks), and take ``as_of`` so tests and operators can run them for a given
moment.
"""

from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.core import events
from apps.core.batch_jobs import Batch

from . import reasons
from .events import PointsExpired
from .models import EntryKind, PointsAccount

BATCH_ACCOUNTS = 10_000
# What an expiry entry says (the system's text, in the source language).
EXPIRY_REASON = reasons.POINTS_EXPIRED

NEXT_ACCOUNTS = f"""
    SELECT id FROM {PointsAccount._meta.db_table} WHERE id > %(after)s ORDER BY id LIMIT %(limit)s
"""
RELEASE_DUE = "SELECT account_id FROM ledger_release_due(%(accounts)s, %(as_of)s, %(now)s)"
EXPIRE_DUE = """SELECT account_id FROM ledger_expire_due(
    %(accounts)s, %(as_of)s, %(now)s, %(kind)s, %(reason)s)"""
SETTLE = """SELECT available, pending, expired FROM ledger_settle(
    %(account)s, %(as_of)s, %(now)s, %(kind)s, %(reason)s)"""
EXPIRY: dict[str, str] = {"kind": EntryKind.EXPIRE.value, "reason": EXPIRY_REASON}


def settle_account(account: PointsAccount, *, as_of: datetime, now: datetime) -> None:
    """Release, then expire, what is due on one account the caller has locked; ``account``'s
    balances are refreshed from what the function returns (no extra read). Nothing to do (and
    no statement) while the account's ``next_due_at`` is in the future."""
    if account.next_due_at is None or account.next_due_at > as_of:
        return
    with connection.cursor() as cursor:
        cursor.execute(SETTLE, {"account": account.pk, "as_of": as_of, "now": now, **EXPIRY})
        account.available, account.pending, expired = cursor.fetchone()
    if expired:
        events.publish(PointsExpired(account_ids=[account.pk], as_of=as_of))


def _run(steps: tuple[str, ...], *, as_of: datetime, now: datetime, batch: int) -> int:
    """Apply ``steps`` to every account, ``batch`` accounts (in id order) per transaction."""
    touched, after = 0, 0
    while True:
        with transaction.atomic():
            done = _batch(steps, as_of=as_of, now=now, after=after, batch=batch)
        touched += done.changed
        if done.last is None:
            return touched
        after = done.last


def _batch(
    steps: tuple[str, ...], *, as_of: datetime, now: datetime, after: int, batch: int
) -> Batch:
    """Apply ``steps`` ("release", "expire") to the ``batch`` accounts after id ``after``, in
    the caller's transaction. Returns the accounts changed and the last account id (``None``:
    none left).

    Walking the accounts table by id keeps each batch an index range; each statement then finds
    the batch's due lots through the per-account lot index.
    """
    parameters: dict[str, datetime | str] = {"as_of": as_of, "now": now, **EXPIRY}
    changed = set()
    with connection.cursor() as cursor:
        # JIT compilation costs more than it saves on these short, wide statements; the
        # grouping and join of a batch's lots fit in memory instead of spilling to disk.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(NEXT_ACCOUNTS, {"after": after, "limit": batch})
        accounts = [row[0] for row in cursor.fetchall()]
        if not accounts:
            return Batch(changed=0, last=None)
        for step in steps:
            statement = RELEASE_DUE if step == "release" else EXPIRE_DUE
            cursor.execute(statement, {"accounts": accounts, **parameters})
            step_changed = [row[0] for row in cursor.fetchall()]
            changed.update(step_changed)
            if step_changed and step == "expire":
                # One event per batch, not per lot: subscribers find the batch's expiry entries
                # (kind "expire", created at or before ``as_of``) on these accounts.
                events.publish(PointsExpired(account_ids=step_changed, as_of=as_of))
    return Batch(changed=len(changed), last=accounts[-1])


def release_batch(*, as_of: datetime, after: int) -> Batch:
    """One batch of the release job (``batch_jobs``): pending lots due by ``as_of`` made
    available on the next ``LEDGER_JOB_BATCH_ACCOUNTS`` accounts after id ``after``."""
    batch = settings.LEDGER_JOB_BATCH_ACCOUNTS
    return _batch(("release",), as_of=as_of, now=timezone.now(), after=after, batch=batch)


def settle_batch(*, as_of: datetime, after: int) -> Batch:
    """One batch of the expiry job: release, then expire, what is due by ``as_of`` on the next
    ``LEDGER_JOB_BATCH_ACCOUNTS`` accounts after id ``after``."""
    batch = settings.LEDGER_JOB_BATCH_ACCOUNTS
    steps = ("release", "expire")
    return _batch(steps, as_of=as_of, now=timezone.now(), after=after, batch=batch)


def release_due_lots(*, as_of: datetime, now: datetime, batch: int = BATCH_ACCOUNTS) -> int:
    """Make pending lots whose return window has passed available. Returns accounts touched."""
    return _run(("release",), as_of=as_of, now=now, batch=batch)


def expire_due_lots(*, as_of: datetime, now: datetime, batch: int = BATCH_ACCOUNTS) -> int:
    """Expire what remains of lots due by ``as_of``: one entry per account and expiry moment,
    each lot recording it (``expired_by``, ``expired_points``). Returns accounts touched."""
    return _run(("expire",), as_of=as_of, now=now, batch=batch)
