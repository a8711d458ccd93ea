"""Accounts created for integrations (``accounts.services.create_member_account``)."""

import pytest
from allauth.account.models import EmailAddress

from apps.accounts.errors import EmailTaken
from apps.accounts.services import create_member_account
from apps.members.errors import ExternalIdTaken
from apps.members.services import update_profile

pytestmark = pytest.mark.django_db


def test_an_integration_enrols_a_buyer_without_a_password(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        member = create_member_account(
            email="ana@example.com.br", source="api:x", preferred_language="pt", external_id="7"
        )

    assert not member.user.has_usable_password()
    assert member.preferred_language == "pt"
    assert not EmailAddress.objects.get(user=member.user).verified
    assert callbacks  # member.created goes out after commit (sign-up bonus, webhooks)


def test_taken_emails_and_external_ids_are_refused(member):
    member.external_id = "C-1"
    member.save(update_fields=["external_id"])

    with pytest.raises(EmailTaken):
        create_member_account(email=member.user.email.upper(), source="api:x")
    with pytest.raises(ExternalIdTaken):
        create_member_account(email="new@example.com", source="api:x", external_id="C-1")


def test_update_profile_refuses_another_members_external_id(member):
    from tests.factories import MemberFactory

    MemberFactory(external_id="C-2")

    with pytest.raises(ExternalIdTaken):
        update_profile(member=member, source="api:x", external_id="C-2")
    update_profile(member=member, source="api:x", external_id="C-3")
    member.refresh_from_db()
    assert member.external_id == "C-3"
