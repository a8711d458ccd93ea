"""Earn and spend as one SQL statement each (``services.earn`` / ``services.spend`` call them).

Both lock the member's account row (creating it on first use), answer a repeated idempotency
key from the entry it created, and leave an account with something due (to release or expire)
untouched, saying so: the caller settles it and calls again with ``p_settled``. Otherwise they
write the entry, the lot (earn) or the lot movements in spend order (spend), the balances and
the event (``core_outboxevent``), all in the caller's transaction. Each returns one row: a
status ('done', 'replayed', 'conflict', 'due', 'insufficient'), the available balance, and the
entry's columns (null unless done or replayed). The SQL is ``apps/ledger/sql/0010_earn_spend.sql``
(frozen: later versions are later files).
"""

from django.db import migrations

from apps.core.sql_files import sql_file

DROP = """
DROP FUNCTION IF EXISTS ledger_spend(bigint, bigint, text, text, text, bigint, text, text,
                                     timestamptz, text, boolean);
DROP FUNCTION IF EXISTS ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
                                    timestamptz, timestamptz, timestamptz, boolean, text, boolean);
DROP FUNCTION IF EXISTS ledger_lock_account(bigint, timestamptz);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0009_account_next_due"),
        ("core", "0003_event_outbox"),
    ]

    operations = [migrations.RunSQL(sql_file("ledger", "0010_earn_spend.sql"), DROP)]
