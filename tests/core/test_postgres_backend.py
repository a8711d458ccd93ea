"""The database backend's health check (``apps.core.postgres``): a healthy idle connection is
trusted without a query; one the server closed is replaced before the next query."""

import select

import psycopg2
import pytest
from django.db import connection, connections

from apps.members.models import Member
from tests.conftest import wait_until

# Real connections are terminated and replaced: not inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def observer():
    """A second connection, to watch and terminate the test's own."""
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
    )
    other.autocommit = True
    yield other.cursor()
    other.close()


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_the_backend_is_in_use():
    assert type(connections["default"]).__module__ == "apps.core.postgres.base"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_healthy_idle_connection_is_checked_without_a_query(observer):
    pid = backend_pid()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'last before the check'")

    assert connection.is_usable()

    # The server's record of the connection's last statement: no SELECT 1 was sent.
    observer.execute("SELECT query, state FROM pg_stat_activity WHERE pid = %s", [pid])
    assert observer.fetchone() == ("SELECT 'last before the check'", "idle")


def test_a_connection_the_server_closed_is_replaced_before_the_next_query(observer):
    pid = backend_pid()
    observer.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's goodbye reaches the socket.
    wait_until(lambda: select.select([connection.connection], [], [], 0)[0], timeout=5)

    assert not connection.is_usable()
    connection.close_if_unusable_or_obsolete()  # what Django does when a request starts
    assert Member.objects.count() == 0  # no error: a new connection ran the query
    assert backend_pid() != pid


def test_a_connection_in_a_failed_transaction_is_asked_and_found_unusable():
    connection.set_autocommit(False)
    try:
        connection.ensure_connection()
        with pytest.raises(psycopg2.Error):
            connection.connection.cursor().execute("SELECT 1/0")
        assert not connection.is_usable()  # in error: SELECT 1 is refused
    finally:
        connection.connection.rollback()
        connection.set_autocommit(True)
