"""Row locks for the ledger, always account first (by id), then its lots (by id)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection

from .holders import Holder, holder_of
from .models import PointsAccount

if TYPE_CHECKING:
    from apps.members.models import Member

# Selected in the model's field order: ``from_db`` takes a full row positionally.
ACCOUNT_COLUMNS = tuple(field.attname for field in PointsAccount._meta.concrete_fields)
LOCK_ACCOUNT = f"""SELECT {", ".join(ACCOUNT_COLUMNS)}
    FROM ledger_lock_account(%(member)s, %(now)s, %(company)s)"""  # noqa: S608 - column names of the model


def lock_account(member: Member, *, now: datetime) -> PointsAccount:
    """The account ``member``'s points go to (``holders.holder_of``: their own, or their
    company's), locked for this transaction (created on first use, at ``now``)."""
    return lock_account_of(holder_of(member), now=now)


def lock_account_of(holder: Holder, *, now: datetime) -> PointsAccount:
    """``holder``'s account row, locked for this transaction (created on first use, at
    ``now``).

    Through the ledger's function (``apps/ledger/sql/0025_company_accounts.sql``): the
    application's database role may read the account but not lock it for update itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            LOCK_ACCOUNT, {"member": holder.member_id, "company": holder.company_id, "now": now}
        )
        row = cursor.fetchone()
    return PointsAccount.from_db(connection.alias, ACCOUNT_COLUMNS, row)
