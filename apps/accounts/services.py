"""Writes to accounts that are not allauth's own flows."""

from allauth.account.models import EmailAddress
from django.db import transaction

from apps.members.models import Member
from apps.members.referrals import record_referral_from_session
from apps.members.services import register_member

from .models import User


@transaction.atomic
def create_account_at_checkout(
    *, request, email: str, password: str, language: str, currency: str, **profile
) -> Member:
    """ "Join at checkout": an account with an unverified email and its member profile.

    The buyer is not signed in: the verification email (sent after commit) proves the address,
    and confirming it signs them in. The caller has checked the email is not taken; the unique
    constraint on the email refuses a race.
    """
    user = User.objects.create_user(email=email, password=password)
    address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    member = register_member(user=user, language=language, currency=currency, **profile)
    record_referral_from_session(request, member)
    transaction.on_commit(lambda: address.send_confirmation(request, signup=True))
    return member
