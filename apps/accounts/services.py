"""Writes to accounts that are not allauth's own flows."""

from urllib.parse import urljoin

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse

from apps.members.errors import ExternalIdTaken
from apps.members.models import Member
from apps.members.referrals import record_referral_from_session
from apps.members.services import register_member, update_profile

from .errors import EmailTaken
from .models import User


@transaction.atomic
def create_account_at_checkout(
    *, request, email: str, password: str, language: str, currency: str, **profile
) -> Member | None:
    """ "Join at checkout": an account with an unverified email and its member profile.

    The buyer is not signed in: the verification email (sent after commit) proves the address,
    and confirming it signs them in. An email that already has an account gets no second one
    and the page must not tell (it would reveal who has an account): None is returned, the
    order goes through as a guest order, and the account's owner is told by email instead. The
    unique constraint on the email refuses a race.
    """
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # as long as creating an account takes: time tells nothing
        transaction.on_commit(lambda: _tell_the_owner_of(existing, request))
        return None
    user = User.objects.create_user(email=email, password=password)
    address = EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    member = register_member(user=user, language=language, currency=currency, **profile)
    record_referral_from_session(request, member)
    transaction.on_commit(lambda: address.send_confirmation(request, signup=True))
    return member


def _tell_the_owner_of(user: User, request) -> None:
    """Someone asked to join at checkout with ``user``'s address: tell its owner (in the
    language of the page they checked out on) how to collect points with their account."""
    context = {
        "user": user,
        "login_url": urljoin(settings.SITE_URL, reverse("account_login")),
        "password_reset_url": urljoin(settings.SITE_URL, reverse("account_reset_password")),
    }
    get_adapter(request).send_mail("accounts/email/joined_at_checkout_again", user.email, context)


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
