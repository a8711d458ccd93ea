"""Writes to accounts that are not allauth's own flows."""

from allauth.account.models import EmailAddress
from django.db import transaction

from apps.members.errors import ExternalIdTaken
from apps.members.models import Member
from apps.members.referrals import record_referral_from_session
from apps.members.services import register_member, update_profile

from .errors import EmailTaken
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


@transaction.atomic
def create_member_account(
    *,
    email: str,
    source: str,
    preferred_language: str | None = None,
    preferred_currency: str | None = None,
    marketing_consent: bool = False,
    **profile,
) -> Member:
    """A buyer enrolled by an integration (ERP, CRM): an account without a usable password (the
    buyer sets one with "forgot password"), its unverified email, and the member profile.

    A marketing consent given here is recorded with ``source``. Raises ``EmailTaken`` or
    ``ExternalIdTaken`` (nothing is written); the unique constraints refuse a race.
    """
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken()
    external_id = profile.get("external_id", "")
    if external_id and Member.objects.filter(external_id=external_id).exists():
        raise ExternalIdTaken()
    user = User.objects.create_user(email=email, password=None)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    member = register_member(
        user=user, language=preferred_language, currency=preferred_currency, **profile
    )
    if marketing_consent:
        update_profile(member=member, source=source, marketing_consent=True)
    return member
