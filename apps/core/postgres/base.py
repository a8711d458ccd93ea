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


class DatabaseOperations(PostgresDatabaseOperations):
    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        """Empty every table (``flush``: tests that commit) as the owner, the one role allowed
        to, saying so to the ledger's TRUNCATE guard (``apps/ledger/sql/0019_guards.sql``)."""
        connection = self.connection
        with (
            as_owner(connection),
            transaction.atomic(using=connection.alias, savepoint=False),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET LOCAL storefront.allow_truncate = on")
            for statement in sql_list:
                cursor.execute(statement)


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
