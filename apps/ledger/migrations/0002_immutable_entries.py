"""Ledger entries and lot movements are never updated or deleted, and lots never deleted:
the database refuses it, whatever the application (or a console session) tries."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable (%)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = {
    "ledger_ledgerentry": "UPDATE OR DELETE",
    "ledger_lotmovement": "UPDATE OR DELETE",
    "ledger_pointslot": "DELETE",
}


def operations():
    yield migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS ledger_refuse_change();")
    for table, events in TRIGGERS.items():
        yield migrations.RunSQL(
            f"CREATE TRIGGER {table}_immutable BEFORE {events} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();",
            f"DROP TRIGGER {table}_immutable ON {table};",
        )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = list(operations())
