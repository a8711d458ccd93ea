"""VAT / tax ids through the API: checked for the member's country by the same service as the
pages (400 ``invalid_tax_id`` with the field, nothing changed), stored compact; an order says
whether it is reverse charged."""

import pytest

from apps.accounts.models import User
from apps.members.models import Member
from apps.sitecontent.models import CompanyDetails
from tests.factories import MemberFactory, ProductFactory

from .conftest import assert_error
from .test_orders_api import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(db):
    return ProductFactory(stock_quantity=1)


def test_creating_a_member_with_a_malformed_id_is_400_and_creates_nothing(api):
    response = api.post(
        "/api/v1/members/",
        {"email": "li@example.cn", "country": "CN", "vat_id": "91110000600037341M"},
        format="json",
        headers={"Accept-Language": "de"},
    )

    body = assert_error(response, 400, "invalid_tax_id")
    assert "91110000600037341L" in body["detail"]  # the expected format, by example
    assert body["fields"] == {"vat_id": [body["detail"]]}
    assert not User.objects.filter(email="li@example.cn").exists()
    assert not Member.objects.exists()


def test_a_member_is_created_with_the_id_stored_compact(api):
    response = api.post(
        "/api/v1/members/",
        {"email": "claire@example.fr", "country": "FR", "vat_id": "40 303 265 045"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["vat_id"] == "FR40303265045"


def test_updating_with_a_malformed_id_is_400_and_changes_nothing(api):
    member = MemberFactory(company_name="Old", country="DE", vat_id="DE136695976")

    response = api.patch(
        f"/api/v1/members/{member.pk}/",
        {"company_name": "New", "country": "ES", "vat_id": "B58378432"},
        format="json",
    )

    assert_error(response, 400, "invalid_tax_id")
    member.refresh_from_db()
    assert (member.company_name, member.country, member.vat_id) == ("Old", "DE", "DE136695976")


def test_updating_checks_the_id_for_the_member_s_current_country(api):
    member = MemberFactory(country="JP", vat_id="")

    refused = api.patch(f"/api/v1/members/{member.pk}/", {"vat_id": "5835678256247"}, format="json")
    accepted = api.patch(
        f"/api/v1/members/{member.pk}/", {"vat_id": "5-8356-7825-6246"}, format="json"
    )

    assert_error(refused, 400, "invalid_tax_id")
    assert accepted.json()["vat_id"] == "5835678256246"


def test_an_order_says_whether_it_is_reverse_charged(api, product):
    CompanyDetails.objects.create(name="Export GmbH", address="Hamburg", vat_number="DE136695976")
    french = MemberFactory(country="FR", vat_id="FR40303265045")
    german = MemberFactory(country="DE", vat_id="DE136695976")

    abroad = record(api, french, product).json()
    at_home = record(api, german, product, external_id="ERP-101").json()

    assert (abroad["vat_id"], abroad["reverse_charge"]) == ("FR40303265045", True)
    assert (at_home["vat_id"], at_home["reverse_charge"]) == ("DE136695976", False)
