"""Twenty integrator retries of one earn, at the same moment, on real connections."""

import pytest
from rest_framework.test import APIClient

from apps.integrations.keys import create_api_key
from apps.integrations.models import IdempotencyRecord
from apps.ledger.models import LedgerEntry, PointsAccount
from apps.ledger.selectors import discrepancies
from tests.factories import MemberFactory
from tests.ledger.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def earn_in_threads(member, body_for, count: int = 20):
    """``count`` clients post an earn with the same Idempotency-Key at the same moment."""
    key = create_api_key(name="ERP", scopes=["points:write"]).key

    def earn(i):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client.post(
            f"/api/v1/members/{member.pk}/points/earn/",
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
