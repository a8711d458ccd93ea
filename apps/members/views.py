"""Member pages that need only the members app: who the signed-in member is, and the referral
link. The member center's pages gather other domains too: ``apps.storefront.member_views``."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .referrals import SESSION_KEY, referrer_for
from .selectors import member_of
from .services import register_member


def current_member(request):
    """The signed-in member; staff or legacy accounts are enrolled on their first visit."""
    member = member_of(request.user)
    if member is None:
        member = register_member(
            user=request.user, language=request.LANGUAGE_CODE, currency=request.currency
        )
    return member


def referral_link(request: HttpRequest, code: str) -> HttpResponse:
    """``/r/<code>/``: remember who referred this visitor, then invite them to join (the sign-up
    page says who invited them and what both get). A link that refers nobody says so, and
    sign-up works as usual."""
    if referrer_for(code) is not None:
        request.session[SESSION_KEY] = code
    else:
        request.session.pop(SESSION_KEY, None)
        messages.warning(
            request,
            _(
                "This invitation link is not valid: it may be mistyped, or the member who "
                "shared it has left the programme. You can still join below."
            ),
        )
    return redirect("account_signup")
