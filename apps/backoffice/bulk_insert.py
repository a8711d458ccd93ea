"""Many new rows of a model in one INSERT, without Django's per-object compilation.

``bulk_create`` prepares every field of every object through the model's field machinery; for
100,000 imported members that was most of the import's time (measured:
docs/benchmarks.md). ``insert_rows`` prepares each field's default once (a callable default,
such as a referral code, once per row), takes the given values as they are (plain text, numbers,
ids), and returns the new primary keys in the order of the rows. Fields that other apps add to
the model later are filled from their defaults, as ``bulk_create`` would.
"""

from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from psycopg2.extras import execute_values


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (attribute name -> database-ready value; every row names the same
    attributes) into ``model``'s table; the primary keys, in order."""
    if not rows:
        return []
    # The connection itself, not django.db.connection: that proxy looks the connection up
    # again on every use, which cost more than the values' preparation.
    connection = connections[DEFAULT_DB_ALIAS]
    given = rows[0].keys()
    # A column with a database default that the rows do not name is left to the database.
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and (field.attname in given or field.db_default is models.NOT_PROVIDED)
    ]
    now = timezone.now()
    constant: dict[str, Any] = {}
    per_row: dict[str, models.Field] = {}
    for field in fields:
        if field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constant[field.attname] = now
        elif field.has_default() and callable(field.default):
            per_row[field.attname] = field
        else:
            constant[field.attname] = field.get_db_prep_save(field.get_default(), connection)

    def value(row: dict[str, Any], field: models.Field) -> Any:
        if field.attname in row:
            return row[field.attname]
        if field.attname in per_row:
            return field.get_db_prep_save(field.get_default(), connection)
        return constant[field.attname]

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column or "") for field in fields)
    pk = connection.ops.quote_name(model._meta.pk.column or "id" if model._meta.pk else "id")
    with connection.cursor() as cursor:
        returned = execute_values(
            cursor.cursor,
            # Names from the model, quoted; the values are parameters.
            f"INSERT INTO {table} ({columns}) VALUES %s RETURNING {pk}",  # noqa: S608
            [tuple(value(row, field) for field in fields) for row in rows],
            page_size=len(rows),
            fetch=True,
        )
    return [key for (key,) in returned]
