"""The companies API: scopes, pagination, filters, errors (400 invalid_tax_id, 409), members."""

import pytest

from apps.companies import services
from apps.companies.models import CompanyMember, CompanyRole
from tests.factories import MemberFactory

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def test_create_get_and_patch_a_company(api):
    created = api.post(
        "/api/v1/companies/",
        {
            "legal_name": " Müller Import GmbH ",
            "country": "DE",
            "vat_id": "136 695 976",
            "payment_terms": "net_30",
            "external_id": "K-1",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["legal_name"] == "Müller Import GmbH"
    assert (body["vat_id"], body["payment_terms"], body["member_count"]) == (
        "DE136695976",
        "net_30",
        0,
    )
    assert api.get(f"/api/v1/companies/{body['id']}/").json() == body
    assert api.get("/api/v1/companies/external:K-1/").json()["id"] == body["id"]
    patched = api.patch(
        f"/api/v1/companies/{body['id']}/", {"segment": "key_account"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["segment"] == "key_account"


def test_a_malformed_vat_id_is_400_invalid_tax_id_and_nothing_changes(api):
    response = api.post(
        "/api/v1/companies/",
        {"legal_name": "X", "country": "DE", "vat_id": "DE123"},
        format="json",
    )
    error = assert_error(response, 400, "invalid_tax_id")
    assert error["detail"]
    company = services.create_company(legal_name="Y", country="FR")
    response = api.patch(
        f"/api/v1/companies/{company.pk}/", {"country": "DE", "vat_id": "DE123"}, format="json"
    )
    assert_error(response, 400, "invalid_tax_id")
    company.refresh_from_db()
    assert company.country == "FR"


def test_bad_input_and_unknown_companies(api):
    assert_error(api.post("/api/v1/companies/", {"country": "DE"}, format="json"), 400, "invalid")
    assert_error(
        api.post(
            "/api/v1/companies/",
            {"legal_name": "X", "country": "DE", "segment": "vip"},
            format="json",
        ),
        400,
        "invalid",
    )
    assert_error(api.get("/api/v1/companies/999999/"), 404, "not_found")
    assert_error(api.get("/api/v1/companies/?colour=red"), 400, "invalid")
    services.create_company(legal_name="A", country="FR", external_id="K-9")
    taken = api.post(
        "/api/v1/companies/",
        {"legal_name": "B", "country": "FR", "external_id": "K-9"},
        format="json",
    )
    assert_error(taken, 409, "external_id_taken")


def test_scopes(make_key, client_for):
    reader = client_for(make_key(scopes=["companies:read"]).key)
    members_only = client_for(make_key(scopes=["members:read", "members:write"]).key)
    company = services.create_company(legal_name="A", country="FR")
    assert reader.get("/api/v1/companies/").status_code == 200
    assert reader.get(f"/api/v1/companies/{company.pk}/members/").status_code == 200
    for response in (
        reader.post("/api/v1/companies/", {"legal_name": "B", "country": "FR"}, format="json"),
        reader.patch(f"/api/v1/companies/{company.pk}/", {"legal_name": "C"}, format="json"),
        reader.post(f"/api/v1/companies/{company.pk}/members/", {"member": "1"}, format="json"),
        reader.delete(f"/api/v1/companies/{company.pk}/members/1/"),
        members_only.get("/api/v1/companies/"),
    ):
        assert_error(response, 403, "insufficient_scope")
    assert_error(client_for(None).get("/api/v1/companies/"), 401, "not_authenticated")


def test_list_pages_and_filters(api):
    for number in range(3):
        services.create_company(legal_name=f"C{number}", country="FR" if number else "DE")
    buyer = MemberFactory()
    services.add_member(
        company=services.create_company(legal_name="With buyer", country="JP"), member=buyer
    )
    page = api.get("/api/v1/companies/?page_size=2").json()
    assert page["count"] == 4 and len(page["results"]) == 2 and page["next"]
    assert [
        c["legal_name"] for c in api.get("/api/v1/companies/?country=DE").json()["results"]
    ] == ["C0"]
    by_email = api.get(f"/api/v1/companies/?member_email={buyer.user.email.upper()}").json()
    assert [c["legal_name"] for c in by_email["results"]] == ["With buyer"]
    assert by_email["results"][0]["member_count"] == 1


def test_members_are_added_listed_and_removed(api):
    admin = MemberFactory()
    company = services.create_company(legal_name="A", country="FR", admin=admin)
    buyer = MemberFactory(external_id="P-7")
    url = f"/api/v1/companies/{company.pk}/members/"
    added = api.post(
        url,
        {"member": "external:P-7", "role": "buyer"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="add-1",
    )
    assert added.status_code == 201, added.content
    again = api.post(
        url,
        {"member": "external:P-7", "role": "buyer"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="add-1",
    )
    assert again.status_code == 201 and again.json() == added.json()
    assert added.json()["member"] == buyer.pk and added.json()["role"] == "buyer"
    listed = api.get(url).json()["results"]
    assert [(m["member"], m["role"]) for m in listed] == [(admin.pk, "admin"), (buyer.pk, "buyer")]
    other = services.create_company(legal_name="B", country="FR")
    assert_error(
        api.post(
            f"/api/v1/companies/{other.pk}/members/", {"member": str(buyer.pk)}, format="json"
        ),
        409,
        "already_in_company",
    )
    assert_error(api.post(url, {"member": "999999"}, format="json"), 404, "not_found")
    assert_error(api.delete(f"{url}{admin.pk}/"), 409, "last_company_admin")
    assert api.delete(f"{url}{buyer.pk}/").status_code == 204
    assert_error(api.delete(f"{url}{buyer.pk}/"), 404, "not_found")
    assert list(CompanyMember.objects.values_list("member_id", "role")) == [
        (admin.pk, CompanyRole.ADMIN)
    ]
