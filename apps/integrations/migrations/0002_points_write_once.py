"""An API points write (earn, spend, adjustment) and its Idempotency-Key record in one statement.

``integrations_points_once`` claims the key as ``idempotency.run_once`` does (insert, or lock
the existing record and answer from it), runs ``ledger_earn`` or ``ledger_spend`` (migration
ledger 0010/0012) with the caller's arguments, and stores the response: the caller's rendering
of it with the three values only the database knows filled in (the entry's id and the balances
after it). Run on its own (autocommit) it is one round trip and one transaction.

It returns one row: a status and, when there is one, the response.

- 'done': the write happened; ``response_body`` is the stored response;
- 'repeat': the key was used with the same request; the stored response;
- 'reused': the key was used with another request; nothing changed;
- anything else ('unanswered': a record without a response; or the ledger statement's own
  status: 'due', 'replayed', 'conflict', 'insufficient'): nothing changed, a claim made is
  withdrawn, and the caller takes the general path (``run_once`` around ``ledger.run``),
  which handles every case.

PostgreSQL records no dependency of this function on ``ledger_earn``/``ledger_spend``: a ledger
migration that changes their parameters must replace this function too. The API tests call it
with both (tests/integrations/test_points_one_statement.py), so a mismatch fails there. The SQL
is ``apps/integrations/sql/0002_points_once.sql`` (frozen).
"""

from django.db import migrations

from apps.core.sql_files import sql_file

DROP = """
DROP FUNCTION integrations_points_once(
    bigint, text, text, integer, jsonb, boolean, bigint, bigint, text, text, text, bigint,
    bigint, text, text, timestamptz, timestamptz, timestamptz, boolean, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("ledger", "0016_lot_expiry_checked_by_the_ledger"),
    ]

    operations = [migrations.RunSQL(sql_file("integrations", "0002_points_once.sql"), DROP)]
