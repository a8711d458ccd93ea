"""Every write to the ledger's tables goes through a database function that runs as the tables'
owner, and TRUNCATE is refused.

The application's database role (``DATABASE_URL``) owns nothing and may only read the ledger's
tables (``apps/core/database_roles.py``, applied by ``migrate``); earn, spend, clawback, closing
an account, settling, releasing and expiring are functions with the owner's rights
(``SECURITY DEFINER``, fixed ``search_path``). ``ledger_earn`` and ``ledger_spend`` keep their
parameters and results (``integrations_points_once`` calls them); the spend order is written
once, in ``ledger_take_in_spend_order``, and texts arrive fitted to their columns. The SQL is in
``apps/ledger/sql/0019_*.sql``.
"""

from django.db import migrations

from apps.core.sql_files import sql_file

TABLES = ("ledger_pointsaccount", "ledger_ledgerentry", "ledger_pointslot", "ledger_lotmovement")

UNDO_GUARDS = (
    "".join(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};\n" for table in TABLES)
    + "DROP FUNCTION IF EXISTS ledger_refuse_truncate();\n"
)

# Back to migration 0012's earn and spend and 0010's account lock, as their callers' rights.
UNDO_EARN_SPEND = (
    """
DROP FUNCTION ledger_spend(bigint, bigint, text, text, text, bigint, text, text, timestamptz,
                           text, boolean);
DROP FUNCTION ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
                          timestamptz, timestamptz, timestamptz, boolean, text, boolean);
DROP FUNCTION ledger_take_in_spend_order(bigint, bigint, bigint, text);
DROP FUNCTION ledger_lock_account(bigint, timestamptz);
DROP FUNCTION ledger_locked_account(bigint, timestamptz);
"""
    + sql_file("ledger", "0010_earn_spend.sql")
    + sql_file("ledger", "0012_earn_spend_return_pending.sql")
)

UNDO_CLAWBACK_FORFEIT = """
DROP FUNCTION ledger_clawback(bigint, bigint, text, text, text, bigint, text, text, timestamptz,
                              boolean, boolean);
DROP FUNCTION ledger_forfeit(bigint, text, text, text, text, text, timestamptz, boolean);
"""

UNDO_DUE = """
DROP FUNCTION ledger_settle(bigint, timestamptz, timestamptz, text, text);
DROP FUNCTION ledger_expire_due(bigint[], timestamptz, timestamptz, text, text);
DROP FUNCTION ledger_release_due(bigint[], timestamptz, timestamptz);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0018_constraint_messages"),
        ("core", "0004_outbox_labels"),
    ]

    operations = [
        migrations.RunSQL(sql_file("ledger", "0019_guards.sql"), UNDO_GUARDS),
        migrations.RunSQL(sql_file("ledger", "0019_earn_spend.sql"), UNDO_EARN_SPEND),
        migrations.RunSQL(sql_file("ledger", "0019_clawback_forfeit.sql"), UNDO_CLAWBACK_FORFEIT),
        migrations.RunSQL(sql_file("ledger", "0019_due.sql"), UNDO_DUE),
    ]
