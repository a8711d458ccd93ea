from datetime import timedelta

import pytest
from django.utils import timezone

from apps.checkout import requisition_lists
from apps.companies import services
from apps.companies.errors import (
    AlreadyInCompany,
    AlreadyInvited,
    CompanyExternalIdTaken,
    InvitationExpired,
    InvitationInvalid,
    InvitationRevoked,
    InvitationUsed,
    LastCompanyAdmin,
    NotCompanyMember,
)
from apps.companies.models import CompanyInvitation, CompanyMember, CompanyRole
from apps.companies.selectors import membership_of
from apps.core.models import OutboxEvent
from apps.core.tax_ids import InvalidTaxId
from tests.factories import MemberFactory, make_order

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


def company_with_admin(**fields):
    admin = MemberFactory()
    company = services.create_company(
        legal_name=fields.pop("legal_name", "Acme"), country="FR", admin=admin, **fields
    )
    return company, admin


def test_the_last_company_admin_can_be_neither_removed_nor_demoted():
    company, admin = company_with_admin()
    with pytest.raises(LastCompanyAdmin):
        services.remove_member(company=company, member_id=admin.pk)
    with pytest.raises(LastCompanyAdmin):
        services.change_role(company=company, member_id=admin.pk, role=CompanyRole.BUYER)
    second = MemberFactory()
    services.add_member(company=company, member=second, role=CompanyRole.ADMIN)
    services.change_role(company=company, member_id=admin.pk, role=CompanyRole.VIEWER)
    services.remove_member(company=company, member_id=admin.pk)
    assert membership_of(admin) is None
    assert OutboxEvent.objects.filter(name="company.member_removed").count() == 1
    with pytest.raises(NotCompanyMember):
        services.remove_member(company=company, member_id=MemberFactory().pk)


def test_update_checks_the_vat_id_and_the_external_id():
    _company, _admin = company_with_admin(external_id="K-1")
    other, _ = company_with_admin(legal_name="Other")
    with pytest.raises(InvalidTaxId):
        services.update_company(company=other, country="DE", vat_id="DE123")
    with pytest.raises(CompanyExternalIdTaken):
        services.update_company(company=other, external_id=" K-1 ")
    services.update_company(company=other, country="DE", vat_id="136695976")
    other.refresh_from_db()
    assert (other.country, other.vat_id) == ("DE", "DE136695976")


def test_an_invitation_goes_in_the_invitees_language_else_the_inviters_choice():
    company, admin = company_with_admin()
    known = MemberFactory(preferred_language="ja")
    to_member = services.invite(
        company=company, email=known.user.email.upper(), language="de", invited_by=admin
    )
    to_stranger = services.invite(company=company, email="neu@example.de", language="de")
    assert (to_member.language, to_stranger.language) == ("ja", "de")
    sent = OutboxEvent.objects.filter(name="company.invitation_sent")
    assert sent.count() == 2


def test_an_invitation_link_is_used_once():
    company, _admin = company_with_admin()
    invitation = services.invite(
        company=company, email="b@example.org", role="viewer", language="en"
    )
    token = services.invitation_token(invitation)
    buyer = MemberFactory()
    membership = services.accept_invitation(token=token, member=buyer)
    assert (membership.company, membership.role) == (company, CompanyRole.VIEWER)
    invitation.refresh_from_db()
    assert invitation.accepted_by == buyer and invitation.accepted_at
    with pytest.raises(InvitationUsed):
        services.accept_invitation(token=token, member=MemberFactory())
    with pytest.raises(InvitationUsed):
        services.resend_invitation(invitation=invitation)


def test_an_expired_link_is_refused_and_resending_renews_it_and_lapses_the_old_one():
    company, _admin = company_with_admin()
    invitation = services.invite(company=company, email="b@example.org", language="en")
    old = services.invitation_token(invitation)
    CompanyInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(InvitationExpired):
        services.check_invitation(old)
    again = services.resend_invitation(invitation=invitation)
    assert again.sends == 2 and again.expires_at > timezone.now() + timedelta(days=13)
    with pytest.raises(InvitationInvalid):
        services.check_invitation(old)  # replaced by the new send
    assert services.check_invitation(services.invitation_token(again)) == again
    with pytest.raises(InvitationInvalid):
        services.check_invitation(old[:-2] + "xx")  # forged


def test_a_revoked_invitation_cannot_be_accepted():
    company, _admin = company_with_admin()
    invitation = services.invite(company=company, email="b@example.org", language="en")
    services.revoke_invitation(invitation=invitation)
    with pytest.raises(InvitationRevoked):
        services.accept_invitation(
            token=services.invitation_token(invitation), member=MemberFactory()
        )
    # a new invitation of the same address is possible once the first is withdrawn
    services.invite(company=company, email="B@example.org", language="en")
    with pytest.raises(AlreadyInvited):
        services.invite(company=company, email="b@example.org", language="en")


def test_a_member_of_a_company_cannot_accept_nor_be_invited():
    company, _admin = company_with_admin()
    _other, other_admin = company_with_admin(legal_name="Other")
    invitation = services.invite(company=company, email="x@example.org", language="en")
    with pytest.raises(AlreadyInCompany):
        services.accept_invitation(token=services.invitation_token(invitation), member=other_admin)
    invitation.refresh_from_db()
    assert invitation.is_open  # still usable by someone who may join
    with pytest.raises(AlreadyInCompany):
        services.invite(company=company, email=other_admin.user.email, language="en")


def test_orders_keep_their_company_after_the_buyer_leaves():
    company, _admin = company_with_admin()
    buyer = MemberFactory()
    services.add_member(company=company, member=buyer)
    order = make_order(member=buyer)
    services.remove_member(company=company, member_id=buyer.pk)
    later = make_order(member=buyer)
    order.refresh_from_db()
    assert order.company == company and later.company is None
    assert make_order().company is None  # a guest


def test_saved_lists_of_a_companys_buyers_are_shared():
    company, admin = company_with_admin()
    buyer, outsider = MemberFactory(), MemberFactory()
    own = requisition_lists.create_list(member=buyer, name="Before joining")
    services.add_member(company=company, member=buyer)
    shared = requisition_lists.create_list(member=buyer, name="Pumps")
    assert shared.owner_company == company and shared.owner_member is None
    assert set(requisition_lists.lists_of(admin)) == {shared}
    assert set(requisition_lists.lists_of(buyer)) == {own, shared}
    assert requisition_lists.owned_list(admin, shared.pk) == shared
    assert requisition_lists.owned_list(outsider, shared.pk) is None
    with pytest.raises(requisition_lists.DuplicateListName):
        requisition_lists.create_list(member=admin, name="Pumps")
