"""Companies under real concurrency (threads with their own Postgres connections, committed
data): the last admin stays, and an invitation link is used once."""

import pytest

from apps.companies import services
from apps.companies.errors import InvitationUsed, LastCompanyAdmin
from apps.companies.models import CompanyMember, CompanyRole
from tests.factories import MemberFactory
from tests.ledger.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_admins_demoting_each_other_at_once_leave_one_admin():
    first, second = MemberFactory(), MemberFactory()
    company = services.create_company(legal_name="Acme", country="FR", admin=first)
    services.add_member(company=company, member=second, role=CompanyRole.ADMIN)

    outcomes = in_threads(
        2,
        lambda i: services.change_role(
            company=company, member_id=(first, second)[i].pk, role=CompanyRole.VIEWER
        ),
    )

    assert sum(isinstance(outcome, LastCompanyAdmin) for outcome in outcomes) == 1
    assert CompanyMember.objects.filter(company=company, role=CompanyRole.ADMIN).count() == 1


def test_an_invitation_link_followed_by_five_people_at_once_admits_one():
    company = services.create_company(legal_name="Acme", country="FR", admin=MemberFactory())
    invitation = services.invite(company=company, email="team@example.org", language="en")
    token = services.invitation_token(invitation)
    people = [MemberFactory() for _ in range(5)]

    outcomes = in_threads(5, lambda i: services.accept_invitation(token=token, member=people[i]))

    assert sum(isinstance(outcome, CompanyMember) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, InvitationUsed) for outcome in outcomes) == 4
    assert CompanyMember.objects.filter(company=company).count() == 2
