"""The catalogue's n-gram functions call each other by schema, so that a plain pg_dump of the
database restores (apps/catalog/sql/0011_search_functions_qualified.sql)."""

from django.db import migrations

from apps.core.sql_files import sql_file


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_product_public_from"),
    ]

    operations = [
        migrations.RunSQL(
            sql_file("catalog", "0011_search_functions_qualified.sql"),
            sql_file("catalog", "0006_search_ngrams.sql"),
        ),
    ]
