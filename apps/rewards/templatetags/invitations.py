"""``{% referral_invitation as invitation %}``: the invitation the visitor followed, if any."""

from django import template

from apps.members.referrals import SESSION_KEY

from ..invitations import Invitation, invitation_for

register = template.Library()


@register.simple_tag(takes_context=True)
def referral_invitation(context) -> Invitation | None:
    request = context.get("request")
    code = request.session.get(SESSION_KEY) if request is not None else None
    return invitation_for(code, currency=request.currency) if code else None
