"""Member pages that need only the members app: who the signed-in member is, and the referral
link. The member center's pages gather other domains too: ``apps.storefront.member_views``."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import ShareChannel
from .referrals import CHANNEL_SESSION_KEY, SESSION_KEY, referrer_for
from .selectors import member_of
from .services import register_member
from .shares import count_visit, safe_next


def current_member(request):
    """The signed-in member; staff or legacy accounts are enrolled on their first visit."""
    member = member_of(request.user)
    if member is None:
        member = register_member(
            user=request.user, language=request.LANGUAGE_CODE, currency=request.currency
        )
    return member


def referral_link(request: HttpRequest, code: str) -> HttpResponse:
    """``/r/<code>/``: remember who referred this visitor (and, from a share, the channel:
    ``?via=linkedin``), count the visit, then invite them to join, or show them the shared page
    (``?next=/de/products/...``, a page of this site only). The sign-up page says who invited
    them and what both get. A link that refers nobody says so, and sign-up works as usual."""
    referrer = referrer_for(code)
    next_path = safe_next(request, request.GET.get("next", ""))
    if referrer is not None:
        channel = request.GET.get("via", "")
        channel = channel if channel in ShareChannel.values else ShareChannel.LINK
        if referrer.user_id != request.user.pk:  # a member trying their own link: not a visit
            request.session[SESSION_KEY] = code
            request.session[CHANNEL_SESSION_KEY] = channel
            count_visit(referrer=referrer, channel=channel)
    else:
        request.session.pop(SESSION_KEY, None)
        request.session.pop(CHANNEL_SESSION_KEY, None)
        if not next_path:
            messages.warning(
                request,
                _(
                    "This invitation link is not valid: it may be mistyped, or the member who "
                    "shared it has left the programme. You can still join below."
                ),
            )
    return redirect(next_path or "account_signup")
