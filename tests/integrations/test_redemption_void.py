"""POST /api/v1/redemptions/{id}/void/ (scope rewards:write)."""

import pytest

from apps.ledger.selectors import balance
from apps.rewards.models import RedemptionStatus
from apps.rewards.services import redeem
from tests.rewards.test_rewards import reward
from tests.rewards.test_void import redeemed_coupon

from .conftest import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def coupon(member):
    return redeemed_coupon(member)


def test_the_api_voids_and_refuses_what_cannot_be_voided(member, coupon, api, make_key, client_for):
    redemption, _expires = coupon
    url = f"/api/v1/redemptions/{redemption.pk}/void/"
    reader = client_for(make_key(scopes=["rewards:read"]).key)
    assert_error(reader.post(url, {"reason": "x"}, format="json"), 403, "insufficient_scope")
    assert_error(api.post(url, {}, format="json"), 400, "invalid")

    answer = api.post(url, {"reason": "Duplicate"}, format="json")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["void_reason"]) == ("voided", "Duplicate")
    assert balance(member).available == 2000

    shipped = redeem(member=member, reward=reward(points_cost=100), idempotency_key="s2")
    shipped.status = RedemptionStatus.FULFILLED
    shipped.save()
    refused = api.post(f"/api/v1/redemptions/{shipped.pk}/void/", {"reason": "x"}, format="json")
    assert_error(refused, 409, "not_voidable")
    assert (
        api.post("/api/v1/redemptions/999999/void/", {"reason": "x"}, format="json").status_code
        == 404
    )
