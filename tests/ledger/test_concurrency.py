"""The ledger under real concurrency: threads with their own Postgres connections.

These use committed data (``transactional_db``): row locks only prove something across
transactions that actually run at the same time.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from apps.ledger import services
from apps.ledger.errors import InsufficientPoints
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount
from apps.ledger.selectors import discrepancies
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def in_threads(count: int, work):
    """Run ``work(i)`` in ``count`` threads released at the same moment; return the outcomes."""
    start = threading.Barrier(count)

    def run(i):
        start.wait()
        try:
            return work(i)
        except Exception as error:  # collected and asserted on by the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_fifty_spenders_with_points_for_ten_succeed_exactly_ten_times():
    member = MemberFactory()
    services.earn(member=member, points=100, reason="seed", idempotency_key="seed")

    outcomes = in_threads(
        50,
        lambda i: services.spend(
            member=member, points=10, reason="race", idempotency_key=f"spend-{i}"
        ),
    )

    succeeded = [o for o in outcomes if isinstance(o, services.LedgerResult)]
    refused = [o for o in outcomes if isinstance(o, InsufficientPoints)]
    assert (len(succeeded), len(refused)) == (10, 40)
    account = PointsAccount.objects.get(member=member)
    assert account.available == 0
    assert discrepancies(account) == []


def test_fifty_duplicate_requests_with_one_key_have_one_effect():
    member = MemberFactory()

    outcomes = in_threads(
        50,
        lambda i: services.earn(
            member=member, points=25, reason="webhook", idempotency_key="erp-evt-1"
        ),
    )

    assert all(isinstance(o, services.LedgerResult) for o in outcomes), outcomes
    assert len({o.entry.pk for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    assert LedgerEntry.objects.filter(kind=EntryKind.EARN).count() == 1
    assert PointsAccount.objects.get(member=member).available == 25


def test_first_earns_of_a_new_member_race_safely_to_one_account():
    member = MemberFactory()

    outcomes = in_threads(
        20,
        lambda i: services.earn(member=member, points=5, reason="signup", idempotency_key=f"e-{i}"),
    )

    assert all(isinstance(o, services.LedgerResult) for o in outcomes), outcomes
    assert PointsAccount.objects.filter(member=member).count() == 1
    assert PointsAccount.objects.get(member=member).available == 100
