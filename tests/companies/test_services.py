import pytest

from apps.companies import services
from apps.companies.errors import AlreadyInCompany
from apps.companies.models import CompanyMember, CompanyRole
from apps.companies.selectors import membership_of
from apps.core.models import OutboxEvent
from apps.core.tax_ids import InvalidTaxId
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_company_created_with_an_admin_announces_both():
    admin = MemberFactory()
    company = services.create_company(
        legal_name=" Müller Import GmbH ", country="DE", vat_id="de 136 695 976", admin=admin
    )
    assert company.legal_name == "Müller Import GmbH"
    assert company.vat_id == "DE136695976"
    membership = membership_of(admin)
    assert membership.company == company and membership.role == CompanyRole.ADMIN
    names = list(OutboxEvent.objects.order_by("id").values_list("name", flat=True))
    assert names[-2:] == ["company.created", "company.member_added"]


def test_a_malformed_vat_id_creates_nothing():
    with pytest.raises(InvalidTaxId):
        services.create_company(legal_name="X", country="DE", vat_id="DE123")
    assert not CompanyMember.objects.exists()


def test_a_member_belongs_to_one_company_at_most():
    buyer = MemberFactory()
    first = services.create_company(legal_name="First", country="FR")
    second = services.create_company(legal_name="Second", country="FR")
    services.add_member(company=first, member=buyer)
    with pytest.raises(AlreadyInCompany):
        services.add_member(company=second, member=buyer, role=CompanyRole.VIEWER)
    assert membership_of(buyer).company == first
    assert membership_of(MemberFactory()) is None
