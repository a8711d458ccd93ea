"""Django's PostgreSQL backend whose connection health check costs no round trip.

With ``CONN_HEALTH_CHECKS`` Django checks a persistent connection before the first query of
every request, with ``SELECT 1``: a round trip more for every request that uses the database
(for the API's balance, one of two). Here a connection is asked first without the server: an
idle connection has nothing to read, so if its socket is readable the server has closed it
(restart, ``pg_terminate_backend``, an idle timeout) or sent something unasked, and only then
is ``SELECT 1`` run to decide. A connection psycopg already knows to be closed or broken is
unusable at once. What neither check sees is a peer that vanished without closing (a cut
network); ``SELECT 1`` would wait on that as long as any query.

It also knows the database's owner role (``OWNER``, see ``apps/core/database_roles.py``): test
databases are created, migrated and emptied as the owner, while the tests themselves run as the
application's role, as production does.
"""

import re
import select
from collections.abc import Iterable

from django.db import transaction
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from django.db.backends.postgresql.creation import DatabaseCreation as PostgresDatabaseCreation
from django.db.backends.postgresql.operations import (
    DatabaseOperations as PostgresDatabaseOperations,
)
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

from apps.core.database_roles import as_owner


class DatabaseCreation(PostgresDatabaseCreation):
    def create_test_db(self, *args, **kwargs):
        with as_owner(self.connection):
            name = super().create_test_db(*args, **kwargs)
            # A test database need not outlive a server crash: its commits (a test that
            # commits commits often, and empties every table after) do not wait for the disk.
            # Crash safety is tested on servers of the tests' own (tests/faults).
            with self._nodb_cursor() as cursor:
                cursor.execute(
                    f"ALTER DATABASE {self._quote_name(name)} SET synchronous_commit = off"
                )
        self.connection.close()  # the next connection has the setting
        return name

    def destroy_test_db(self, *args, **kwargs):
        with as_owner(self.connection):
            return super().destroy_test_db(*args, **kwargs)


# Django's flush: ``TRUNCATE "a", "b", ...;`` (with RESTART IDENTITY or CASCADE: done as it is).
PLAIN_TRUNCATE = re.compile(r'TRUNCATE ((?:"[^"]+"(?:, )?)+);')
# Past this size (pages of 8 kB in all the tables, as the statistics have it) TRUNCATE is the
# cheaper way to empty them.
DELETE_PAGES_MAX = 2560


class DatabaseOperations(PostgresDatabaseOperations):
    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        """Empty every table (``flush``: tests that commit) as the owner, the one role allowed
        to, saying so to the ledger's TRUNCATE guard (``apps/ledger/sql/0019_guards.sql``).

        A test that commits leaves rows in a few of the ~120 tables, and TRUNCATE writes new
        files for every table and each of its ~500 indexes: seconds per test on a busy disk.
        So the tables that have rows are emptied with DELETE instead (their own triggers set
        aside for it: the ledger refuses deletes; the foreign keys are checked at commit, when
        the rows on both sides are gone), and the empty ones are left alone. Large tables, and
        flushes that reset sequences or cascade, get the TRUNCATE as written."""
        connection = self.connection
        with (
            as_owner(connection),
            transaction.atomic(using=connection.alias, savepoint=False),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET LOCAL storefront.allow_truncate = on")
            for statement in sql_list:
                match = PLAIN_TRUNCATE.fullmatch(statement.strip())
                if match is None or not _delete_rows(cursor, match.group(1).split(", ")):
                    cursor.execute(statement)


def _delete_rows(cursor, tables: list[str]) -> bool:
    """DELETE the rows of those of ``tables`` (quoted names) that have any; False, having done
    nothing, when they are too large for it."""
    cursor.execute(
        "SELECT coalesce(sum(relpages), 0) FROM pg_class WHERE oid = ANY(%s::regclass[])",
        [tables],
    )
    if cursor.fetchone()[0] > DELETE_PAGES_MAX:
        return False
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT {number} WHERE EXISTS (SELECT FROM {table})"  # noqa: S608 - quoted names
            for number, table in enumerate(tables)
        )
    )
    filled = [tables[number] for (number,) in cursor.fetchall()]
    if not filled:
        return True
    cursor.execute(
        "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger"
        " WHERE NOT tgisinternal AND tgrelid = ANY(%s::regclass[])",
        [filled],
    )
    guarded = {name for (name,) in cursor.fetchall()}  # unquoted: Django's names are lowercase
    quiet = [table for table in filled if table.strip('"') in guarded]
    for table in quiet:  # before any DELETE: a table with checks pending cannot be altered
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    for table in filled:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a quoted table name
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys' checks, now: all gone
    for table in quiet:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    return True


class DatabaseWrapper(PostgresDatabaseWrapper):
    creation_class = DatabaseCreation
    ops_class = DatabaseOperations

    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status == TRANSACTION_STATUS_IDLE:
            readable, _writable, _failed = select.select([connection], [], [], 0)
            if not readable:
                return True
        return super().is_usable()  # something arrived, or not idle: ask the server
