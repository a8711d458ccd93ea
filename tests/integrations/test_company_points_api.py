"""A company's points through the API (#20): balance and ledger (companies:read), earn, spend
and adjust (companies:write) with the members' idempotency and limits; a member's balance says
whose account it reports."""

import pytest

from apps.companies import services as companies
from apps.core import outbox
from apps.integrations.webhooks.events import entry_data
from apps.ledger import services
from apps.ledger.events import PointsEarned
from apps.ledger.models import LedgerEntry, PointsAccount, Programme, WhoEarns
from tests.events import recording
from tests.factories import MemberFactory, StaffFactory

from .conftest import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    Programme.objects.update_or_create(pk=1, defaults={"who_earns": WhoEarns.COMPANY})
    Programme.forget_cached()
    company = companies.create_company(legal_name="Müller Import GmbH", country="DE")
    yield company
    Programme.forget_cached()


def write(api, company, what, body, key="k-1"):
    return api.post(
        f"/api/v1/companies/{company.pk}/points/{what}/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_earn_and_spend_on_a_company_once_per_key(api, company):
    first = write(api, company, "earn", {"points": 300, "reason": "Trade fair"})
    again = write(api, company, "earn", {"points": 300, "reason": "Trade fair"})

    assert first.status_code == 201, first.content
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert first.json()["entry"]["company"] == company.pk
    assert first.json()["entry"]["member"] is None
    assert first.json()["balance"] == {"available": 300, "pending": 0}
    spent = write(api, company, "spend", {"points": 100, "reason": "Gift"}, key="k-2")
    assert spent.json()["balance"]["available"] == 200
    assert_error(
        write(api, company, "spend", {"points": 1000, "reason": "Too much"}, key="k-3"),
        409,
        "insufficient_points",
    )
    assert PointsAccount.objects.get(company=company).available == 200


def test_a_company_balance_has_the_members_shape_and_names_the_account(api, company):
    buyer = MemberFactory()
    companies.add_member(company=company, member=buyer)
    services.earn(member=buyer, points=120, reason="Order", idempotency_key="o1")

    body = api.get(f"/api/v1/companies/{company.pk}/balance/").json()
    member_body = api.get(f"/api/v1/members/{buyer.pk}/balance/").json()

    assert body["available"] == member_body["available"] == 120
    assert set(body) == set(member_body)
    account = {"type": "company", "id": company.pk, "name": "Müller Import GmbH"}
    assert body["account"] == member_body["account"] == account
    ledger = api.get(f"/api/v1/companies/{company.pk}/ledger/").json()["results"]
    assert [(e["member"], e["points"]) for e in ledger] == [(buyer.pk, 120)]


def test_a_member_of_no_company_reports_their_own_account(api, member):
    body = api.get(f"/api/v1/members/{member.pk}/balance/").json()
    assert body["account"] == {"type": "member", "id": member.pk, "name": ""}


def test_companies_scopes_are_needed(make_key, client_for, company):
    created = make_key(scopes=["members:read", "points:write"])
    client = client_for(created.key)
    assert_error(client.get(f"/api/v1/companies/{company.pk}/balance/"), 403, "insufficient_scope")
    assert_error(
        client.post(
            f"/api/v1/companies/{company.pk}/points/earn/",
            {"points": 1, "reason": "x"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="a",
        ),
        403,
        "insufficient_scope",
    )


def test_the_keys_points_limit_applies_to_a_company_earn(make_key, client_for, company):
    created = make_key(max_points_per_call=100)
    response = client_for(created.key).post(
        f"/api/v1/companies/{company.pk}/points/earn/",
        {"points": 101, "reason": "Too much"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a",
    )
    assert_error(response, 409, "approval_required")
    assert not LedgerEntry.objects.exists()


def test_adjusting_a_company(make_key, client_for, company):
    created = make_key(created_by=StaffFactory())
    response = client_for(created.key).post(
        f"/api/v1/companies/{company.pk}/points/adjust/",
        {"points": 50, "reason": "Goodwill"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a",
    )
    assert response.status_code == 201, response.content
    assert response.json()["balance"]["available"] == 50
    assert response.json()["entry"]["company"] == company.pk


def test_an_unknown_company_is_404(api, db):
    assert api.get("/api/v1/companies/999999/balance/").status_code == 404


def test_a_companys_own_earn_announces_points_earned_for_its_webhook(api, company):
    with recording(PointsEarned) as seen:
        earned = write(api, company, "earn", {"points": 300, "reason": "Trade fair"})
        outbox.drain()

    entry = earned.json()["entry"]
    assert seen == [("points.earned", {"member_id": None, "entry_id": entry["id"], "points": 300})]
    data = entry_data(entry["id"])
    assert data["member"] is None
    assert (data["entry"]["company"], data["entry"]["points"]) == (company.pk, 300)
