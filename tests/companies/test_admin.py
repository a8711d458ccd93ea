"""Companies in the admin: the list (VAT id masked for Support), search by a member's e-mail,
the members inline going through the services, and the staff roles."""

import pytest

from apps.accounts.roles import FINANCE, MANAGER, SUPPORT
from apps.companies import services
from apps.companies.models import Company, CompanyRole
from apps.companies.selectors import membership_of
from apps.core.models import OutboxEvent
from tests.backoffice.conftest import staff_client
from tests.factories import MemberFactory, UserFactory, make_order

pytestmark = pytest.mark.django_db
VAT_ID = "DE136695976"


@pytest.fixture
def company():
    admin = MemberFactory(user=UserFactory(email="einkauf@mueller.example"))
    company = services.create_company(
        legal_name="Müller Import GmbH", country="DE", vat_id=VAT_ID, admin=admin
    )
    services.add_member(company=company, member=MemberFactory())
    return company


def inline_data(company, rows, *, extra=()):
    data = {
        "legal_name": company.legal_name,
        "country": company.country.code,
        "vat_id": company.vat_id,
        "customer_type": company.customer_type,
        "segment": company.segment,
        "payment_terms": company.payment_terms,
        "external_id": company.external_id,
        "memberships-TOTAL_FORMS": str(len(rows) + len(extra)),
        "memberships-INITIAL_FORMS": str(len(rows)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
        "addresses-MIN_NUM_FORMS": "0",
        "addresses-MAX_NUM_FORMS": "1000",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
        "credit_terms-TOTAL_FORMS": "0",  # the credit app's inline (docs/credit.md)
        "credit_terms-INITIAL_FORMS": "0",
        "invitations-MIN_NUM_FORMS": "0",
        "invitations-MAX_NUM_FORMS": "0",
    }
    for number, (membership, role, delete) in enumerate(rows):
        prefix = f"memberships-{number}"
        data |= {
            f"{prefix}-id": str(membership.pk),
            f"{prefix}-company": str(company.pk),
            f"{prefix}-member": str(membership.member_id),
            f"{prefix}-role": role,
        }
        if delete:
            data[f"{prefix}-DELETE"] = "on"
    for number, (member, role) in enumerate(extra, start=len(rows)):
        prefix = f"memberships-{number}"
        data |= {
            f"{prefix}-company": str(company.pk),
            f"{prefix}-member": str(member.pk),
            f"{prefix}-role": role,
        }
    return data


def test_support_sees_the_list_masked_and_finds_by_a_members_email(company):
    client = staff_client(SUPPORT)
    html = client.get("/admin/companies/company/?q=einkauf@mueller.example").content.decode()
    assert "Müller Import GmbH" in html
    assert VAT_ID not in html and "DE***76" in html
    assert client.get(f"/admin/companies/company/{company.pk}/change/").status_code == 200
    assert client.post(f"/admin/companies/company/{company.pk}/change/", {}).status_code == 403
    html = staff_client(FINANCE).get("/admin/companies/company/").content.decode()
    assert VAT_ID in html
    assert '<td class="field-member_count">2</td>' in html


def test_a_manager_changes_members_through_the_services(company):
    client = staff_client(MANAGER)
    admin_row, buyer_row = sorted(company.memberships.all(), key=lambda m: m.role != "admin")
    newcomer = MemberFactory()
    other = services.create_company(legal_name="Other", country="FR", admin=MemberFactory())
    url = f"/admin/companies/company/{company.pk}/change/"

    # leaving the company without an admin is refused on the form
    response = client.post(
        url, inline_data(company, [(admin_row, "buyer", False), (buyer_row, "buyer", False)])
    )
    assert response.status_code == 200
    assert "at least one company admin" in response.content.decode()
    # a member of another company is refused
    stranger = other.memberships.get().member
    response = client.post(
        url,
        inline_data(
            company,
            [(admin_row, "admin", False), (buyer_row, "buyer", False)],
            extra=[(stranger, "buyer")],
        ),
    )
    assert response.status_code == 200
    assert membership_of(stranger).company == other

    response = client.post(
        url,
        inline_data(
            company,
            [(admin_row, "admin", False), (buyer_row, "viewer", True)],
            extra=[(newcomer, "viewer")],
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert membership_of(buyer_row.member) is None
    assert membership_of(newcomer).role == CompanyRole.VIEWER
    names = list(OutboxEvent.objects.values_list("name", flat=True))
    assert "company.member_removed" in names and names.count("company.member_added") >= 4


def test_the_admin_checks_the_vat_id_and_announces_a_new_company():
    client = staff_client(MANAGER)
    form = {
        "legal_name": "Neu GmbH",
        "country": "DE",
        "vat_id": "DE123",
        "customer_type": "end_customer",
        "segment": "member",
        "payment_terms": "net_30",
        "external_id": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
        "credit_terms-TOTAL_FORMS": "0",  # the credit app's inline (docs/credit.md)
        "credit_terms-INITIAL_FORMS": "0",
    }
    assert client.post("/admin/companies/company/add/", form).status_code == 200
    assert not Company.objects.exists()
    form["vat_id"] = "136695976"
    assert client.post("/admin/companies/company/add/", form).status_code == 302
    assert Company.objects.get().vat_id == VAT_ID
    assert OutboxEvent.objects.filter(name="company.created").count() == 1


def test_an_order_shows_its_company_and_is_found_by_it(company):
    order = make_order(member=company.memberships.get(role=CompanyRole.ADMIN).member)
    client = staff_client(FINANCE)
    html = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Müller Import GmbH" in html
    found = client.get("/admin/orders/order/?q=Müller Import").content.decode()
    assert order.number in found
