"""Input an integrator controls is validated before it reaches the database: a 4xx with a
stable code, never a 500."""

import base64
import json
from decimal import Decimal

import pytest

from apps.ledger.services import earn
from apps.members.models import Member
from apps.orders.models import Order
from tests.factories import ProductFactory

from .conftest import assert_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lookup", ["email:buyer%00@example.com", "external:C%00-1", "1%00"])
def test_a_member_lookup_with_a_nul_is_a_400(api, member, lookup):
    assert_error(api.get(f"/api/v1/members/{lookup}/"), 400, "null_character")


def _cursor(query: str) -> str:
    return base64.b64encode(query.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    ["garbage", _cursor("p=2026"), _cursor("o=1&p=not a time"), _cursor("r=1&p=2026-13-45 10:00")],
)
def test_a_garbage_ledger_cursor_is_a_400(api, member, cursor):
    response = api.get(f"/api/v1/members/{member.pk}/ledger/", {"cursor": cursor})

    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["cursor"]


def test_the_ledger_cursor_it_gave_still_pages(api, member):
    for number in range(3):
        earn(member=member, points=10 + number, reason="Visit", idempotency_key=f"visit-{number}")
    first = api.get(f"/api/v1/members/{member.pk}/ledger/", {"page_size": 2}).json()

    second = api.get(first["next"]).json()

    assert len(first["results"]) == 2 and len(second["results"]) >= 1
    assert second["results"][0]["id"] not in {entry["id"] for entry in first["results"]}


@pytest.mark.parametrize(
    "lines",
    [
        [(1_000_000, "99999999999999.99")],  # one line's total
        [(1, "99999999999999.99")] * 3,  # the sum of lines that each fit
    ],
)
def test_an_offline_order_too_large_for_the_columns_is_a_400(api, member, lines):
    product = ProductFactory()
    body = {
        "external_id": "ERP-1",
        "member": member.pk,
        "currency": "USD",
        "lines": [
            {"sku": product.sku, "quantity": quantity, "unit_price": price}
            for quantity, price in lines
        ],
    }

    response = api.post("/api/v1/orders/", body, format="json")

    body = assert_error(response, 400, "amount_too_large")
    assert "99,999,999,999,999.99" in body["detail"]
    assert not Order.objects.exists()


def test_freight_that_overflows_the_total_is_a_400(api, member):
    product = ProductFactory()
    body = {
        "external_id": "ERP-2",
        "member": member.pk,
        "currency": "USD",
        "lines": [{"sku": product.sku, "quantity": 1, "unit_price": "99999999999999.00"}],
        "shipping_amount": str(Decimal("5.00")),
    }

    assert_error(api.post("/api/v1/orders/", body, format="json"), 400, "amount_too_large")


def test_a_nul_in_api_json_is_a_400_and_changes_nothing(api, member):
    count = Member.objects.count()

    response = api.post(
        "/api/v1/members/", {"email": "new@example.com", "external_id": "C\x001"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "null_character",
        "detail": "The request contains a NUL character, which is never valid.",
        "fields": {},
    }
    assert Member.objects.count() == count


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(api, member):
    body = json.dumps({"email": "new@example.com", "external_id": "C\\u0000"})

    response = api.post("/api/v1/members/", body, content_type="application/json")

    assert response.status_code == 201, response.content
    assert Member.objects.get(pk=response.json()["id"]).external_id == "C\\u0000"


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_json_nested_3000_deep_is_a_400(api, member, opening, closing):
    body = opening * 3000 + "1" + closing * 3000

    response = api.post("/api/v1/members/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_5_mb_body_is_a_413(api, member):
    body = json.dumps({"email": "new@example.com", "external_id": "x" * 5_000_000})

    response = api.post("/api/v1/members/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Member.objects.filter(user__email="new@example.com").exists()
