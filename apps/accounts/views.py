"""Staff two-factor set-up by invitation (``two_factor.py``): the link, and the page that
explains how to get one."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from . import two_factor
from .errors import InvitationInvalid
from .models import User


def _signed_in(request: HttpRequest) -> User:
    """The user of a ``login_required`` view (never anonymous there)."""
    return cast(User, request.user)


@login_required
def two_factor_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: this session may now set up TOTP."""
    try:
        invitation = two_factor.check_invitation(token=token, user=_signed_in(request))
        two_factor.accept_invitation(request, invitation)
    except InvitationInvalid as error:
        return render(
            request, "accounts/two_factor_invitation_invalid.html", {"error": error}, status=400
        )
    return redirect("mfa_activate_totp")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_required(request: HttpRequest) -> HttpResponse:
    """Where a staff member without TOTP lands instead of the admin; they may ask for a link."""
    user = _signed_in(request)
    if not two_factor.needs_invitation(user):
        return redirect("admin:index" if user.is_staff else "members:dashboard")
    if request.method == "POST":
        if two_factor.email_invitation(user=user, at_their_request=True):
            hours = settings.STAFF_TWO_FACTOR_INVITATION_HOURS
            sent = ngettext(
                "We sent a set-up link to %(email)s. It works once, within %(hours)s hour.",
                "We sent a set-up link to %(email)s. It works once, within %(hours)s hours.",
                hours,
            )
            messages.success(request, sent % {"email": user.email, "hours": hours})
        else:
            messages.info(
                request,
                _(
                    "A set-up link was sent a few minutes ago. Please check your inbox and spam "
                    "folder."
                ),
            )
        return redirect("accounts:two_factor_required")
    return render(request, "accounts/two_factor_required.html")
