"""Reads from the replica (apps/core/replica.py), tested against a second connection alias to
the test database (``replica``, config/test_settings.py), not a streaming replica: which
connection each read takes, and that writes and read-your-writes stay on the primary."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from apps.backoffice.selectors import member_360
from apps.core import replica
from apps.ledger import services as ledger
from apps.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

PROGRAMME = "/api/v1/reports/programme/"


@pytest.fixture
def with_replica(settings):
    settings.USE_REPLICA = True
    yield
    connections["replica"].close()


def queries_on(alias: str):
    return CaptureQueriesContext(connections[alias])


def test_without_a_replica_everything_reads_from_the_primary(api, member):
    with replica.reading_from_replica():
        assert replica.alias_for_reads() == "default"
        assert LedgerEntry.objects.db == "default"


def test_the_reporting_api_reads_from_the_replica(with_replica, api):
    with queries_on("replica") as on_replica, queries_on("default") as on_primary:
        response = api.get(PROGRAMME, {"from": "2026-03-09", "to": "2026-03-11"})

    assert response.status_code == 200, response.content
    assert len(on_replica) > 0
    # The primary only authenticates the key (and records its use): no report query.
    assert not [q for q in on_primary.captured_queries if "analytics_" in q["sql"]]


def test_a_client_that_wrote_reads_from_the_primary_for_a_while(with_replica, api, member):
    earned = api.post(
        f"/api/v1/members/{member.pk}/points/earn/",
        {"points": 10, "reason": "Fair"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    assert earned.status_code == 201
    assert earned.cookies["primary_reads"]["max-age"] == 10

    with queries_on("replica") as on_replica:
        response = api.get(PROGRAMME, {"from": "2026-03-09", "to": "2026-03-11"})

    assert response.status_code == 200
    assert len(on_replica) == 0


def test_other_pages_and_writes_stay_on_the_primary(with_replica, api, member):
    with queries_on("replica") as on_replica:
        api.get(f"/api/v1/members/{member.pk}/")
        api.post(
            f"/api/v1/members/{member.pk}/points/earn/",
            {"points": 10, "reason": "Fair"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="k-2",
        )

    assert len(on_replica) == 0


def test_the_member_360_reads_its_history_from_the_replica(with_replica, member):
    ledger.earn(member=member, points=40, reason="Order", idempotency_key="o")

    with queries_on("replica") as on_replica:
        page = member_360(member)

    assert [entry.points for entry in page.entries] == [40]
    assert any("ledger_ledgerentry" in q["sql"] for q in on_replica.captured_queries)
    assert not any("orders_order" in q["sql"] for q in on_replica.captured_queries)


def test_inside_a_transaction_reads_stay_on_the_primary(with_replica, member):
    with transaction.atomic(), replica.reading_from_replica():
        assert replica.alias_for_reads() == "default"
        assert LedgerEntry.objects.db == "default"
    with replica.reading_from_replica():
        assert LedgerEntry.objects.db == "replica"
    assert LedgerEntry.objects.db == "default"
