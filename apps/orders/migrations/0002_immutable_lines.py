"""Order lines and discount lines are captured at purchase and never change: the database
refuses UPDATE and DELETE on them, whatever the application does."""

from django.db import migrations

TABLES = ("orders_orderline", "orders_orderdiscount")

FUNCTION = """
CREATE OR REPLACE FUNCTION orders_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def trigger_sql(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION orders_refuse_change();"
    )


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS orders_refuse_change();"),
        *(
            migrations.RunSQL(trigger_sql(table), f"DROP TRIGGER {table}_immutable ON {table};")
            for table in TABLES
        ),
    ]
