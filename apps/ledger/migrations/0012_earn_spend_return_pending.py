"""``ledger_earn`` and ``ledger_spend`` also return the pending balance after the change.

Callers that answer with the balance (the API's earn, spend and adjust) no longer read the
account again. The functions are those of migration 0010 with one more column after
``available``; a function's result type cannot be replaced in place, so they are dropped and
created again (in one transaction: no caller sees them missing).
"""

import importlib

from django.db import migrations

previous = importlib.import_module("apps.ledger.migrations.0010_earn_spend_functions")


def _with_pending(sql: str, *, earn: bool) -> str:
    replacements = [
        ("status text, available bigint,", "status text, available bigint, pending bigint,"),
        ("acc.available, e.id,", "acc.available, acc.pending, e.id,"),
    ]
    if earn:  # earn changes pending too; spend takes available points only
        replacements.append(
            (
                "RETURNING available INTO acc.available;",
                "RETURNING available, pending INTO acc.available, acc.pending;",
            )
        )
    for old, new in replacements:
        if old not in sql:
            raise ValueError(f"migration 0010's SQL changed: {old!r} is missing")
        sql = sql.replace(old, new)
    return sql


EARN = _with_pending(previous.EARN, earn=True)
SPEND = _with_pending(previous.SPEND, earn=False)

DROP = """
DROP FUNCTION ledger_spend(bigint, bigint, text, text, text, bigint, text, text, timestamptz,
                           text, boolean);
DROP FUNCTION ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
                          timestamptz, timestamptz, timestamptz, boolean, text, boolean);
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0011_lot_source_not_indexed")]

    operations = [
        migrations.RunSQL(DROP + EARN + SPEND, DROP + previous.EARN + previous.SPEND),
    ]
