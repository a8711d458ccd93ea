"""Django's PostgreSQL backend whose connection health check costs no round trip.

With ``CONN_HEALTH_CHECKS`` Django checks a persistent connection before the first query of
every request, with ``SELECT 1``: a round trip more for every request that uses the database
(for the API's balance, one of two). Here a connection is asked first without the server: an
idle connection has nothing to read, so if its socket is readable the server has closed it
(restart, ``pg_terminate_backend``, an idle timeout) or sent something unasked, and only then
is ``SELECT 1`` run to decide. A connection psycopg already knows to be closed or broken is
unusable at once. What neither check sees is a peer that vanished without closing (a cut
network); ``SELECT 1`` would wait on that as long as any query.
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from psycopg2.extensions import TRANSACTION_STATUS_IDLE


class DatabaseWrapper(PostgresDatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status == TRANSACTION_STATUS_IDLE:
            readable, _writable, _failed = select.select([connection], [], [], 0)
            if not readable:
                return True
        return super().is_usable()  # something arrived, or not idle: ask the server
