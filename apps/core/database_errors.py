"""Which database errors mean the database is away (a restart, a failover), not the request's or
the task's fault: the web answers 503 with ``Retry-After`` (``apps.core.unavailable``), tasks try
again within seconds (``config.celery``). Imports nothing but Django's database errors, so that
the Celery application can use it before Django is set up."""

from django.db import InterfaceError, OperationalError

# SQLSTATEs of a connection the server refuses or ends: class 08 (connection exception) and
# admin_shutdown, crash_shutdown, cannot_connect_now ("the database system is starting up").
CONNECTION_LOST_STATES = ("57P01", "57P02", "57P03")


def database_unreachable(error: BaseException) -> bool:
    """The database could not be reached, or dropped the connection. psycopg2 gives no SQLSTATE
    when the connection failed on the client's side (refused, closed by the server, timed out);
    Django raises InterfaceError for a connection already closed. Errors of a working connection
    (a constraint, a deadlock, a timeout) are not this."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    state = getattr(error.__cause__, "pgcode", None)
    return state is None or state.startswith("08") or state in CONNECTION_LOST_STATES
