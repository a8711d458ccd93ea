"""The database unreachable (nothing listens where it should be, as while PostgreSQL restarts):
the API and the storefront answer 503 with ``Retry-After`` (the API in its error shape), not
500, and say so in the log; a task tries again within seconds, not after a backoff grown to a
minute. An error of a working connection stays what it was."""

import pytest
from django.db import OperationalError, connection

from apps.core.database_errors import database_unreachable
from config.celery import DATABASE_RETRY_SECONDS, ReliableTask, retry_schedule

from .conftest import free_port


@pytest.fixture
def database_away(transactional_db):
    """Django's connection points at a port where nothing listens (request it last)."""
    saved = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    yield
    connection.close()
    connection.settings_dict["PORT"] = saved


def test_an_api_earn_answers_503_with_retry_after_when_the_database_is_away(
    api, member, caplog, database_away
):
    response = api.post(
        f"/api/v1/members/{member.pk}/points/earn/",
        {"points": 70, "reason": "Order 9"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="order-9",
    )

    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "service_unavailable"


def test_a_storefront_page_answers_503_without_the_layout_when_the_database_is_away(
    client, caplog, database_away
):
    response = client.get("/de/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Vorübergehend nicht verfügbar" in page and 'lang="de"' in page
    assert "database unavailable" in caplog.text


def test_only_connection_failures_count_as_the_database_away():
    refused = OperationalError("connection refused")  # no SQLSTATE: on the client's side
    shutting_down = OperationalError("terminating connection due to administrator command")
    shutting_down.__cause__ = type("AdminShutdown", (Exception,), {"pgcode": "57P01"})()
    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = type("Deadlock", (Exception,), {"pgcode": "40P01"})()

    assert database_unreachable(refused) and database_unreachable(shutting_down)
    assert not database_unreachable(deadlock)  # the connection works: not a 503


def test_a_task_that_cannot_reach_the_database_tries_again_within_seconds_for_minutes():
    refused = OperationalError("connection refused")
    backoff = ReliableTask.retry_backoff_max  # what the backoff reaches after a few failures

    countdown, attempts = retry_schedule(refused, backoff, None)

    assert 1 <= countdown <= DATABASE_RETRY_SECONDS
    assert attempts * DATABASE_RETRY_SECONDS / 2 >= 120  # minutes of tries on average
    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = type("Deadlock", (Exception,), {"pgcode": "40P01"})()
    assert retry_schedule(deadlock, backoff, None) == (backoff, None)  # the backoff as it was
    assert retry_schedule(ConnectionError("Redis"), backoff, None) == (backoff, None)
