"""Row locks for the ledger, always account first (by id), then its lots (by id)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection

from .models import PointsAccount

if TYPE_CHECKING:
    from apps.members.models import Member

# Selected in the model's field order: ``from_db`` takes a full row positionally.
ACCOUNT_COLUMNS = tuple(field.attname for field in PointsAccount._meta.concrete_fields)
LOCK_ACCOUNT = f"""SELECT {", ".join(ACCOUNT_COLUMNS)}
    FROM ledger_lock_account(%(member)s, %(now)s)"""  # noqa: S608 - column names of the model


def lock_account(member: Member, *, now: datetime) -> PointsAccount:
    """The member's account row, locked for this transaction (created on first use, at ``now``).

    Through the ledger's function (``apps/ledger/sql/0019_earn_spend.sql``): the application's
    database role may read the account but not lock it for update itself."""
    with connection.cursor() as cursor:
        cursor.execute(LOCK_ACCOUNT, {"member": member.pk, "now": now})
        row = cursor.fetchone()
    return PointsAccount.from_db(connection.alias, ACCOUNT_COLUMNS, row)
