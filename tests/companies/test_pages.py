"""The member center's Company page by role, the invitation e-mail and link, and sign-up with a
company or through an invitation."""

import re

import pytest
from django.core import mail

from apps.companies import services
from apps.companies.models import CompanyInvitation, CompanyMember, CompanyRole
from apps.companies.selectors import membership_of
from apps.members.models import Member
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db
PASSWORD = "Valve-Pump-2026!"


@pytest.fixture
def company_setup():
    admin, buyer, viewer = MemberFactory(), MemberFactory(), MemberFactory()
    company = services.create_company(legal_name="Müller Import GmbH", country="DE", admin=admin)
    services.add_member(company=company, member=buyer, role=CompanyRole.BUYER)
    services.add_member(company=company, member=viewer, role=CompanyRole.VIEWER)
    return company, admin, buyer, viewer


def page_as(client, member, language="en"):
    client.force_login(member.user)
    response = client.get(f"/{language}/member/company/")
    assert response.status_code == 200
    return response.content.decode()


def test_roles_on_the_company_page(client, company_setup):
    _company, admin, buyer, viewer = company_setup
    admin_order = make_order(member=admin)
    buyer_order = make_order(member=buyer)

    as_admin = page_as(client, admin)
    assert 'data-testid="invite-form"' in as_admin
    assert buyer.user.email in as_admin and viewer.user.email in as_admin
    assert admin_order.number in as_admin and buyer_order.number in as_admin

    as_viewer = page_as(client, viewer)
    assert buyer.user.email in as_viewer and buyer_order.number in as_viewer
    assert 'data-testid="invite-form"' not in as_viewer and "Change role" not in as_viewer

    as_buyer = page_as(client, buyer)
    assert buyer_order.number in as_buyer and admin_order.number not in as_buyer
    assert 'data-testid="company-members"' not in as_buyer
    assert "Müller Import GmbH" in as_buyer

    assert 'data-testid="no-company"' in page_as(client, MemberFactory())


def test_only_the_company_admin_manages_members(client, company_setup):
    _company, admin, buyer, viewer = company_setup
    for member in (buyer, viewer):
        client.force_login(member.user)
        assert (
            client.post(
                "/en/member/company/invite/",
                {"email": "x@example.org", "role": "buyer", "language": "en"},
            ).status_code
            == 403
        )
        assert client.post(f"/en/member/company/members/{admin.pk}/remove/").status_code == 403
    client.force_login(admin.user)
    client.post(f"/en/member/company/members/{viewer.pk}/role/", {"role": "buyer"})
    assert membership_of(viewer).role == CompanyRole.BUYER
    client.post(f"/en/member/company/members/{viewer.pk}/remove/")
    assert membership_of(viewer) is None
    # the last admin cannot demote themself: a translated error, nothing changes
    response = client.post(
        f"/de/member/company/members/{admin.pk}/role/", {"role": "buyer"}, follow=True
    )
    assert "mindestens einen Unternehmensadministrator" in response.content.decode()
    assert membership_of(admin).role == CompanyRole.ADMIN
    # another company's member is not theirs to change
    stranger = MemberFactory()
    services.create_company(legal_name="Other", country="FR", admin=stranger)
    client.post(f"/en/member/company/members/{stranger.pk}/remove/")
    assert membership_of(stranger) is not None


def invitation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/[a-z-]+/company/invitation/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_invitation_email_goes_in_the_invitees_language(
    client, company_setup, django_capture_on_commit_callbacks
):
    _company, admin, _buyer, _viewer = company_setup
    japanese = MemberFactory(preferred_language="ja")
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/member/company/invite/",
            {"email": "neu@example.de", "role": "buyer", "language": "de"},
        )
        client.post(
            "/en/member/company/invite/",
            {"email": japanese.user.email, "role": "viewer", "language": "de"},
        )
    german, in_japanese = sorted(mail.outbox, key=lambda m: m.to[0] != "neu@example.de")
    assert german.to == ["neu@example.de"]
    assert "Müller Import GmbH" in german.subject and "lädt Sie" in german.subject
    assert invitation_link(german).startswith("/de/company/invitation/")
    assert invitation_link(in_japanese).startswith("/ja/company/invitation/")


def test_resend_revoke_and_an_old_link(client, company_setup, django_capture_on_commit_callbacks):
    _company, admin, _buyer, _viewer = company_setup
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/member/company/invite/",
            {"email": "b@example.org", "role": "buyer", "language": "en"},
        )
    invitation = CompanyInvitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/member/company/invitations/{invitation.pk}/resend/")
    first, second = (invitation_link(m) for m in mail.outbox)
    client.logout()
    assert client.get(first).status_code == 410  # replaced by the newer send
    assert client.get(second).status_code == 200
    client.force_login(admin.user)
    client.post(f"/en/member/company/invitations/{invitation.pk}/revoke/")
    client.logout()
    response = client.get(second.replace("/en/", "/de/"))
    assert response.status_code == 410
    assert "Einladung wurde vom Unternehmen zurückgezogen" in response.content.decode()


def test_a_signed_in_member_accepts_unless_already_in_a_company(client, company_setup):
    company, _admin, _buyer, _viewer = company_setup
    invitation = services.invite(company=company, email="m@example.org", language="en")
    path = f"/de/company/invitation/{services.invitation_token(invitation)}/"
    other_admin = MemberFactory()
    services.create_company(legal_name="Other", country="FR", admin=other_admin)
    client.force_login(other_admin.user)
    response = client.post(path)
    assert response.status_code == 409
    assert "gehört bereits zu einem Unternehmen" in response.content.decode()

    joiner = MemberFactory()
    client.force_login(joiner.user)
    assert client.post(path).status_code == 302
    assert membership_of(joiner).company == company
    assert client.post(path).status_code == 410  # used up


def test_a_new_person_signs_up_through_the_invitation_and_joins(client, company_setup):
    company, _admin, _buyer, _viewer = company_setup
    invitation = services.invite(company=company, email="neu@example.de", language="de")
    page = client.get(f"/de/company/invitation/{services.invitation_token(invitation)}/")
    assert "Müller Import GmbH" in page.content.decode()
    response = client.post(
        "/de/accounts/signup/?next=/de/member/company/",
        {"email": "neu@example.de", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    member = Member.objects.get(user__email="neu@example.de")
    assert membership_of(member).company == company
    assert membership_of(member).role == CompanyRole.BUYER
    # the address the invitation went to is verified: signed in at once
    assert client.get("/de/member/company/").status_code == 200


def test_sign_up_with_a_company_makes_the_person_its_admin(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "boss@example.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "company_name": " Dupont SA ",
            "company_country": "FR",
            "vat_id": "FR 40 303 265 045",
        },
    )
    assert response.status_code == 302
    membership = CompanyMember.objects.select_related("company").get()
    assert membership.member.user.email == "boss@example.fr"
    assert membership.role == CompanyRole.ADMIN
    assert (membership.company.legal_name, membership.company.vat_id) == (
        "Dupont SA",
        "FR40303265045",
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "not valid"),
        ("de", "nicht gültig"),
    ],
)
def test_sign_up_with_a_malformed_vat_id_is_refused_in_the_visitors_language(
    client, language, message
):
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "boss@example.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "company_name": "Dupont SA",
            "company_country": "FR",
            "vat_id": "FR123",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Member.objects.exists()
    missing_country = client.post(
        "/en/accounts/signup/",
        {
            "email": "boss@example.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "company_name": "Dupont SA",
        },
    )
    assert "Choose the company" in missing_country.content.decode()
