"""Twenty integrator retries of one earn, at the same moment, on real connections."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.integrations.keys import create_api_key
from apps.integrations.models import IdempotencyRecord
from apps.ledger import services as ledger
from apps.ledger.models import LedgerEntry, PointsAccount
from apps.ledger.selectors import discrepancies
from tests.conftest import make_pending_lots_due
from tests.factories import MemberFactory
from tests.ledger.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def earn_in_threads(member, body_for, count: int = 20, what: str = "earn"):
    """``count`` clients post an earn (or ``what``) with the same Idempotency-Key at the same
    moment."""
    key = create_api_key(name="ERP", scopes=["points:write"]).key

    def earn(i):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client.post(
            f"/api/v1/members/{member.pk}/points/{what}/",
            body_for(i),
            format="json",
            HTTP_IDEMPOTENCY_KEY="order-4711",
        )

    return in_threads(count, earn)


def test_twenty_parallel_earns_with_one_key_make_one_entry():
    member = MemberFactory()

    responses = earn_in_threads(member, lambda _i: {"points": 100, "reason": "Retry storm"})

    assert [r.status_code for r in responses] == [201] * 20
    first = responses[0].json()
    assert all(r.json() == first for r in responses)  # everyone got the first response
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == 19
    assert LedgerEntry.objects.filter(account__member=member).count() == 1
    account = PointsAccount.objects.get(member=member)
    assert account.available == 100
    assert discrepancies(account) == []
    assert IdempotencyRecord.objects.count() == 1


def test_twenty_parallel_earns_with_one_key_but_different_bodies_make_one_entry():
    member = MemberFactory()

    responses = earn_in_threads(member, lambda i: {"points": 100 + i, "reason": "Confused"})

    assert sorted(r.status_code for r in responses) == [201] + [409] * 19
    assert LedgerEntry.objects.filter(account__member=member).count() == 1


def test_twenty_parallel_earns_on_an_account_with_points_due_make_one_entry(database_owner):
    # The one-statement write leaves this account to the general path (settle, then earn):
    # its withdrawn claims must not let a second earn through.
    member = MemberFactory()
    later = timezone.now() + timedelta(days=3)
    ledger.earn(member=member, points=40, reason="Order", idempotency_key="o", available_at=later)
    make_pending_lots_due(database_owner, member)

    responses = earn_in_threads(member, lambda _i: {"points": 100, "reason": "Retry storm"})

    assert [r.status_code for r in responses] == [201] * 20
    assert all(r.json() == responses[0].json() for r in responses)
    assert LedgerEntry.objects.filter(account__member=member).count() == 2  # order + one earn
    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (140, 0)
    assert discrepancies(account) == []
    assert IdempotencyRecord.objects.count() == 1


def test_twenty_parallel_spends_beyond_the_balance_change_nothing_and_keep_the_key_free():
    member = MemberFactory()
    ledger.earn(member=member, points=50, reason="Seed", idempotency_key="seed")

    responses = earn_in_threads(
        member, lambda _i: {"points": 80, "reason": "Too much"}, what="spend"
    )

    assert [r.status_code for r in responses] == [409] * 20
    assert {r.json()["code"] for r in responses} == {"insufficient_points"}
    assert PointsAccount.objects.get(member=member).available == 50
    assert not IdempotencyRecord.objects.exists()
