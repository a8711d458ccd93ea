"""API points writes in one statement (``integrations.idempotency.points_once``): the response the
database completes and stores must be the one the serializer gives for what was written, and
every case the statement leaves to the general path must still come out right."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.integrations.api.serializers import represent
from apps.integrations.api.serializers.points import PointsResultSerializer
from apps.integrations.models import IdempotencyRecord
from apps.ledger import services as ledger
from apps.ledger.models import LedgerEntry, PointsAccount, Programme
from tests.conftest import make_pending_lots_due

from .conftest import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def post(api, member, what, body, key):
    return api.post(
        f"/api/v1/members/{member.pk}/points/{what}/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def written(member) -> dict:
    """The serializer's rendering of the member's newest entry and their balances now."""
    entries = LedgerEntry.objects.filter(account__member=member).select_related("account")
    entry = entries.latest("id")
    account = PointsAccount.objects.get(member=member)
    balance = {"available": account.available, "pending": account.pending}
    return represent(PointsResultSerializer, {"entry": entry, "balance": balance})


@pytest.mark.parametrize(
    ("what", "body"),
    [
        ("earn", {"points": 120, "reason": "Messe-Bonus für Ü-Kunden 🎉"}),
        ("earn", {"points": 5, "reason": "Later", "available_at": "2030-01-02T03:04:05Z"}),
        ("spend", {"points": 30, "reason": "Gift", "reference": "CRM-77"}),
        ("adjust", {"points": -45, "reason": "Typo"}),
        ("adjust", {"points": 7, "reason": "Goodwill", "reference": "T-1"}),
    ],
)
def test_the_response_is_the_serializers_rendering_of_what_was_written(api, member, what, body):
    post(api, member, "earn", {"points": 100, "reason": "Seed"}, key="seed")

    response = post(api, member, what, body, key="k")

    assert response.status_code == 201, response.content
    assert response.json() == written(member)
    record = IdempotencyRecord.objects.get(key="k")
    assert (record.response_status, record.response_body) == (201, response.json())
    replay = post(api, member, what, body, key="k")
    assert replay["Idempotent-Replayed"] == "true"
    assert replay.json() == response.json()


def test_a_points_write_is_one_statement_after_the_member_lookup(api, member):
    post(api, member, "earn", {"points": 100, "reason": "Warm up"}, key="first")

    with CaptureQueriesContext(connection) as queries:
        response = post(api, member, "earn", {"points": 10, "reason": "Second"}, key="second")

    assert response.status_code == 201
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) == 2, statements
    assert "integrations_points_once" in statements[1]


def test_an_account_with_points_due_is_settled_before_the_write(api, member, database_owner):
    later = timezone.now() + timedelta(days=3)
    ledger.earn(member=member, points=40, reason="Order", idempotency_key="o", available_at=later)
    make_pending_lots_due(database_owner, member)

    response = post(api, member, "earn", {"points": 10, "reason": "Now"}, key="k")

    assert response.status_code == 201, response.content
    assert response.json()["balance"] == {"available": 50, "pending": 0}
    assert response.json() == written(member)
    assert IdempotencyRecord.objects.get(key="k").response_body == response.json()


def test_a_write_refused_by_the_ledger_leaves_no_record_behind(api, member):
    refused = post(api, member, "spend", {"points": 5, "reason": "Too soon"}, key="k")

    assert_error(refused, 409, "insufficient_points")
    assert not IdempotencyRecord.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_repeat_is_answered_even_where_the_write_would_now_be_refused(api, member):
    programme = Programme.current()
    first = post(api, member, "adjust", {"points": 50, "reason": "Goodwill"}, key="k")
    programme.adjustment_approval_threshold = 10
    programme.save()

    repeat = post(api, member, "adjust", {"points": 50, "reason": "Goodwill"}, key="k")
    fresh = post(api, member, "adjust", {"points": 50, "reason": "Goodwill"}, key="other")

    assert (first.status_code, repeat.status_code) == (201, 201)
    assert repeat.json() == first.json()
    assert_error(fresh, 409, "approval_required")
    assert PointsAccount.objects.get(member=member).available == 50


def test_a_ledger_key_used_before_without_its_record_answers_with_the_first_entry(api, member):
    first = post(api, member, "earn", {"points": 100, "reason": "Once"}, key="k")
    IdempotencyRecord.objects.all().delete()  # e.g. records purged, the ledger keeps its keys

    again = post(api, member, "earn", {"points": 100, "reason": "Once"}, key="k")

    assert again.status_code == 201, again.content
    assert again.json()["entry"] == first.json()["entry"]
    assert LedgerEntry.objects.count() == 1
