"""Earning, spending and adjusting points through the API, with Idempotency-Key."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount, Programme
from apps.ledger.selectors import discrepancies

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def earn(api, member, body, key="k-1", what="earn"):
    return api.post(
        f"/api/v1/members/{member.pk}/points/{what}/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_earn_without_available_at_is_available_at_once(api, member):
    response = earn(api, member, {"points": 250, "reason": "Trade fair bonus"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["entry"]["points"] == 250
    assert body["entry"]["kind"] == "earn"
    assert body["entry"]["created_at"].endswith("Z")
    assert body["balance"] == {"available": 250, "pending": 0}
    balance = api.get(f"/api/v1/members/{member.pk}/balance/").json()
    assert (balance["available"], balance["pending"], balance["lifetime_earned"]) == (250, 0, 250)


def test_earn_with_a_later_available_at_is_pending_until_then(api, member):
    later = (timezone.now() + timedelta(days=14)).isoformat()

    response = earn(api, member, {"points": 100, "reason": "Order", "available_at": later})

    assert response.json()["balance"] == {"available": 0, "pending": 100}


def test_earn_with_expires_at_null_never_expires(api, member):
    earn(api, member, {"points": 100, "reason": "Forever", "expires_at": None})

    lot = PointsAccount.objects.get(member=member).lots.get()
    assert lot.expires_at is None


def test_same_key_and_body_returns_the_first_response_and_changes_nothing(api, member):
    first = earn(api, member, {"points": 100, "reason": "Once"})
    second = earn(api, member, {"points": 100, "reason": "Once"})

    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert LedgerEntry.objects.filter(account__member=member).count() == 1


def test_same_key_with_a_different_body_is_409(api, member):
    earn(api, member, {"points": 100, "reason": "Once"})

    response = earn(api, member, {"points": 101, "reason": "Once"})

    assert_error(response, 409, "idempotency_conflict")
    assert PointsAccount.objects.get(member=member).available == 100


def test_keys_are_per_api_key(make_key, client_for, member):
    first, second = client_for(make_key().key), client_for(make_key().key)

    earn(first, member, {"points": 100, "reason": "A"})
    earn(second, member, {"points": 100, "reason": "A"})

    assert PointsAccount.objects.get(member=member).available == 200


def test_spending_more_than_available_is_409_insufficient_points(api, member):
    earn(api, member, {"points": 100, "reason": "Seed"})

    response = earn(api, member, {"points": 101, "reason": "Too much"}, key="k-2", what="spend")

    body = assert_error(response, 409, "insufficient_points")
    assert "100" in body["detail"]
    assert PointsAccount.objects.get(member=member).available == 100


def test_a_failed_request_does_not_use_up_its_key(api, member):
    refused = earn(api, member, {"points": 50, "reason": "Spend"}, key="retry", what="spend")
    earn(api, member, {"points": 100, "reason": "Seed"}, key="seed")

    retried = earn(api, member, {"points": 50, "reason": "Spend"}, key="retry", what="spend")

    assert (refused.status_code, retried.status_code) == (409, 201)
    assert retried.json()["balance"]["available"] == 50


def test_spend_takes_points_and_answers_with_a_negative_entry(api, member):
    earn(api, member, {"points": 100, "reason": "Seed"})

    response = earn(api, member, {"points": 30, "reason": "Gift"}, key="k-2", what="spend")

    assert response.status_code == 201
    assert response.json()["entry"]["points"] == -30
    assert response.json()["balance"]["available"] == 70


def test_adjust_credits_and_debits(api, member):
    up = earn(api, member, {"points": 80, "reason": "Goodwill"}, what="adjust")
    down = earn(api, member, {"points": -30, "reason": "Typo"}, key="k-2", what="adjust")

    assert (up.status_code, down.status_code) == (201, 201)
    assert down.json()["entry"]["kind"] == EntryKind.ADJUST
    assert down.json()["balance"]["available"] == 50
    assert discrepancies(PointsAccount.objects.get(member=member)) == []


def test_adjust_above_the_approval_threshold_is_refused(api, member):
    threshold = Programme.current().adjustment_approval_threshold

    response = earn(api, member, {"points": threshold + 1, "reason": "Big"}, what="adjust")

    assert_error(response, 409, "approval_required")


@pytest.mark.parametrize(
    "body",
    [
        {"points": 0, "reason": "Zero"},
        {"points": -5, "reason": "Negative"},
        {"points": "ten", "reason": "Text"},
        {"points": 1.5, "reason": "Fraction"},
        {"points": 10},
        {"points": 10, "reason": ""},
        {"points": 10**12, "reason": "Huge"},
    ],
)
def test_invalid_bodies_are_400_with_fields(api, member, body):
    response = earn(api, member, body)

    error = assert_error(response, 400, "invalid")
    assert error["fields"]
    assert not LedgerEntry.objects.exists()


def test_body_errors_follow_each_requests_language_and_shape(api, member):
    # The request serializers' fields are built once per language: their messages must still
    # be rendered per request, in the caller's language, with the same shape as DRF's is_valid.
    def fields(body, language, what="earn"):
        response = api.post(
            f"/api/v1/members/{member.pk}/points/{what}/",
            body,
            format="json",
            HTTP_IDEMPOTENCY_KEY="k",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        return assert_error(response, 400, "invalid")["fields"]

    german, english = fields({"points": 0}, "de"), fields({"points": 0}, "en")
    german_again = fields({"points": 0}, "de")
    zero = fields({"points": 0, "reason": "Zero"}, "en", what="adjust")
    not_an_object = fields([1, 2], "en")

    assert set(german) == set(english) == {"points", "reason"}
    assert german["points"] != english["points"]
    assert german_again == german
    assert english["reason"] == ["This field is required."]
    assert set(zero) == {"points"}
    assert set(not_an_object) == {"non_field_errors"}
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("key", [None, "", "x" * 151, "with space"])
def test_points_calls_need_a_valid_idempotency_key(api, member, key):
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}

    response = api.post(
        f"/api/v1/members/{member.pk}/points/earn/",
        {"points": 10, "reason": "No key"},
        format="json",
        **headers,
    )

    assert_error(response, 400, "idempotency_key_invalid")


def test_members_are_found_by_email_and_external_id(api, member):
    member.external_id = "C-1001"
    member.save(update_fields=["external_id"])

    earn(api, member, {"points": 5, "reason": "A"}, key="a")
    by_external = api.post(
        "/api/v1/members/external:C-1001/points/earn/",
        {"points": 5, "reason": "B"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="b",
    )
    by_email = api.get(f"/api/v1/members/email:{member.user.email.upper()}/balance/")

    assert by_external.status_code == 201
    assert by_email.json()["available"] == 10


def test_unknown_member_is_404(api, db):
    response = earn(api, type("M", (), {"pk": 999999})(), {"points": 5, "reason": "x"})

    assert_error(response, 404, "not_found")
