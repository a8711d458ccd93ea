"""Two database roles: an owner that runs migrations, and the application's role that owns
nothing.

A table's owner can truncate it and disable its triggers; a role that owns nothing cannot. So the
application connects as a role of its own (``DATABASE_URL``) and ``migrate`` connects as the
owner (``DATABASE_OWNER_URL``: the same database, the owner's credentials), then grants the
application's role what it may do (``grant_application_role``):

- read and write the rows of every table and use its sequence (no TRUNCATE, no DDL), except
  the tables an app declares read-only for it (``AppConfig.read_only_models``): those it may
  only read, and it changes them through the app's database functions, which run as the owner
  (the ledger);
- run the database functions an app declares (``AppConfig.database_functions``); the others
  are not executable by it.

Without ``DATABASE_OWNER_URL`` everything runs as the one role of ``DATABASE_URL`` (as before
the roles were split; ``check --deploy --database default`` warns when that role owns tables).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.core import checks
from django.db import connections
from psycopg2 import sql


@contextmanager
def as_owner(connection) -> Iterator[None]:
    """Connect ``connection`` as the owner role for the block (reconnecting before and after),
    if the database has one (``OWNER``); a no-op otherwise, and when already the owner."""
    owner = connection.settings_dict.get("OWNER")
    if not owner or getattr(connection, "application_credentials", None) is not None:
        yield
        return
    if connection.in_atomic_block:
        raise RuntimeError("cannot change database roles inside a transaction")
    saved = {key: connection.settings_dict.get(key) for key in owner}
    connection.close()
    connection.application_credentials = saved
    connection.settings_dict.update(owner)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)
        connection.application_credentials = None


def application_role(connection) -> str:
    """The user name the application connects as (also inside ``as_owner``)."""
    saved = getattr(connection, "application_credentials", None)
    return (saved or connection.settings_dict)["USER"]


def has_separate_owner(connection) -> bool:
    owner = connection.settings_dict.get("OWNER")
    return bool(owner) and owner["USER"] != application_role(connection)


def read_only_tables() -> list[str]:
    """Tables the application's role may only read, as the apps declare them."""
    return [
        app.get_model(name)._meta.db_table
        for app in apps.get_app_configs()
        for name in getattr(app, "read_only_models", ())
    ]


def database_functions() -> list[str]:
    """Database functions the application's role may run, as the apps declare them."""
    return [
        function
        for app in apps.get_app_configs()
        for function in getattr(app, "database_functions", ())
    ]


def grant_application_role(connection, role: str) -> None:
    """Give ``role`` what the application may do in the current schema, and no more (run as
    the owner, after migrating; idempotent)."""
    role_name = sql.Identifier(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = sql.Identifier(cursor.fetchone()[0])
        for statement in (
            "GRANT USAGE ON SCHEMA {schema} TO {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
            # UPDATE: setval, which Django uses to reset a sequence after explicit ids.
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        ):
            cursor.execute(sql.SQL(statement).format(schema=schema, role=role_name))
        # What exists now (a migration backwards may have removed some).
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"
        )
        functions = {row[0] for row in cursor.fetchall()}
        for table in (name for name in read_only_tables() if name in tables):
            cursor.execute(
                sql.SQL(
                    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} "
                    "FROM {role}"
                ).format(table=sql.Identifier(table), role=role_name)
            )
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            cursor.execute(
                sql.SQL("REVOKE ALL ON SEQUENCE {sequence} FROM {role}").format(
                    sequence=sql.SQL(cursor.fetchone()[0]), role=role_name
                )
            )
        for function in (name for name in database_functions() if name in functions):
            cursor.execute(
                sql.SQL("GRANT EXECUTE ON FUNCTION {function} TO {role}").format(
                    function=sql.Identifier(function), role=role_name
                )
            )


@checks.register(checks.Tags.database, deploy=True)
def check_application_owns_nothing(app_configs=None, databases=None, **kwargs):
    """Production runs the application as a role that owns no table (``check --deploy
    --database default``; it asks the database, which knows whether the role owns any)."""
    if not databases or "default" not in databases:
        return []
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p') "
            "AND relnamespace = current_schema()::regnamespace "
            "AND relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        owned = cursor.fetchone()[0]
    if not owned:
        return []
    return [
        checks.Warning(
            f"The application connects to the database as the role that owns {owned} of its "
            "tables: it could truncate the ledger or disable its triggers.",
            hint="Run migrations as the owner (DATABASE_OWNER_URL) and the application as a "
            "role that owns nothing (DATABASE_URL); see docs/operations.md, 'Database roles'.",
            id="storefront.W001",
        )
    ]
