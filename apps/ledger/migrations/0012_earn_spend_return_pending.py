"""``ledger_earn`` and ``ledger_spend`` also return the pending balance after the change.

Callers that answer with the balance (the API's earn, spend and adjust) no longer read the
account again. The functions are those of migration 0010 with one more column after
``available``; a function's result type cannot be replaced in place, so they are dropped and
created again (in one transaction: no caller sees them missing). The SQL is
``apps/ledger/sql/0012_earn_spend_return_pending.sql`` (frozen).
"""

from django.db import migrations

from apps.core.sql_files import sql_file

DROP = """
DROP FUNCTION ledger_spend(bigint, bigint, text, text, text, bigint, text, text, timestamptz,
                           text, boolean);
DROP FUNCTION ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
                          timestamptz, timestamptz, timestamptz, boolean, text, boolean);
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0011_lot_source_not_indexed")]

    operations = [
        migrations.RunSQL(
            sql_file("ledger", "0012_earn_spend_return_pending.sql"),
            DROP + sql_file("ledger", "0010_earn_spend.sql"),
        ),
    ]
