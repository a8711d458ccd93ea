"""Staff set up two-factor authentication (TOTP) by invitation, never with a password alone.

Staff need TOTP to open the admin. If a staff member without TOTP could set it up right after
signing in, whoever learnt the password first would own the second factor too. So a staff
member without TOTP reaches neither the admin nor the two-factor pages
(``middleware.StaffTwoFactorMiddleware``) until they open an invitation link: sent to the
account's email address (at their request, or a superuser's) or made by a superuser
(``manage.py invite_staff_two_factor``). The link is signed, expires
(``STAFF_TWO_FACTOR_INVITATION_HOURS``) and works once, for the account it was made for, signed
in: opening it lets that browser session (only) set up an authenticator until it expires.
"""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urljoin

from allauth.account.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .errors import InvitationInvalid, NotStaff, TwoFactorAlreadySetUp
from .models import TwoFactorInvitation, User

SALT = "accounts.two-factor-invitation"
SESSION_KEY = "two_factor_invitation"
# A staff member who asks for a link by email gets at most one in this time.
EMAIL_AGAIN_AFTER = timedelta(minutes=10)


def has_totp(user: User) -> bool:
    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP])


def needs_invitation(user: User) -> bool:
    """A staff member without TOTP: the admin and the two-factor pages need an invitation."""
    return user.is_staff and not has_totp(user)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_invitation(*, user: User, created_by: User | None = None) -> str:
    """A new invitation for staff member ``user``; returns its link (absolute, in the current
    language). Raises ``NotStaff`` or ``TwoFactorAlreadySetUp``."""
    if not user.is_staff:
        raise NotStaff()
    if has_totp(user):
        raise TwoFactorAlreadySetUp()
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = TwoFactorInvitation.objects.create(
        user=user,
        secret_hash=_hash(secret),
        created_at=now,
        expires_at=now + timedelta(hours=settings.STAFF_TWO_FACTOR_INVITATION_HOURS),
        created_by=created_by,
    )
    token = signing.dumps({"id": invitation.pk, "secret": secret}, salt=SALT)
    path = reverse("accounts:two_factor_invitation", kwargs={"token": token})
    return urljoin(settings.SITE_URL, path)


def email_invitation(
    *, user: User, created_by: User | None = None, at_their_request: bool = False
) -> bool:
    """Create an invitation and email its link to ``user``'s address (after commit). When the
    staff member asked for it themselves, at most one per ``EMAIL_AGAIN_AFTER``: returns False,
    sending nothing, if one went out more recently. Raises ``NotStaff`` or
    ``TwoFactorAlreadySetUp``."""
    recent = TwoFactorInvitation.objects.filter(
        user=user, created_at__gt=timezone.now() - EMAIL_AGAIN_AFTER
    )
    if at_their_request and recent.exists():
        return False
    link = create_invitation(user=user, created_by=created_by)
    context = {
        "user": user,
        "invitation_url": link,
        "hours": settings.STAFF_TWO_FACTOR_INVITATION_HOURS,
        "invited_by": created_by,
        "at_their_request": at_their_request,
    }
    transaction.on_commit(
        lambda: get_adapter().send_mail("accounts/email/two_factor_invitation", user.email, context)
    )
    return True


def check_invitation(*, token: str, user: User) -> TwoFactorInvitation:
    """The invitation behind ``token`` if ``user`` (signed in) may use it now. Raises
    ``InvitationInvalid`` (tampered, unknown, another account's, used or expired)."""
    try:
        data = signing.loads(token, salt=SALT)
        invitation = TwoFactorInvitation.objects.get(pk=data["id"])
    except (signing.BadSignature, KeyError, TypeError, TwoFactorInvitation.DoesNotExist) as error:
        raise InvitationInvalid() from error
    if not secrets.compare_digest(invitation.secret_hash, _hash(str(data.get("secret")))):
        raise InvitationInvalid()
    _check_usable(invitation, user)
    return invitation


def _check_usable(invitation: TwoFactorInvitation, user: User) -> None:
    if invitation.user_id != user.pk:
        raise InvitationInvalid(InvitationInvalid.other_account)
    if invitation.used_at is not None or has_totp(user):
        raise InvitationInvalid(InvitationInvalid.used)
    _check_in_time(invitation, user)


def _check_in_time(invitation: TwoFactorInvitation, user: User) -> None:
    if invitation.expires_at <= timezone.now() or not user.is_staff:
        raise InvitationInvalid(InvitationInvalid.expired)


def accept_invitation(request, invitation: TwoFactorInvitation) -> None:
    """Use the invitation's link up and let this session (only) set up two-factor
    authentication with it until it expires. Raises ``InvitationInvalid`` if another request
    used it first."""
    used = TwoFactorInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        raise InvitationInvalid(InvitationInvalid.used)
    request.session[SESSION_KEY] = invitation.pk


def invitation_in_session(request) -> TwoFactorInvitation | None:
    """The invitation this session accepted, while the signed-in user may still set up
    two-factor authentication with it."""
    invitation_id = request.session.get(SESSION_KEY)
    if invitation_id is None:
        return None
    invitation = TwoFactorInvitation.objects.filter(pk=invitation_id, user=request.user).first()
    try:
        if invitation is None or has_totp(request.user):
            raise InvitationInvalid()
        _check_in_time(invitation, request.user)
    except InvitationInvalid:
        request.session.pop(SESSION_KEY, None)
        return None
    return invitation


def two_factor_set_up(*, request=None, **_signal) -> None:
    """An authenticator was added (allauth's ``authenticator_added``): the session's invitation
    has served."""
    if request is not None:
        request.session.pop(SESSION_KEY, None)
