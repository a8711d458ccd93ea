"""The company invitation e-mail (docs/companies.md): sent to an address that may belong to no
member yet, in the invitation's language (the invitee's member language, else the one the
inviter chose), with the signed link of its latest send."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from apps.companies.models import CompanyInvitation
from apps.companies.services import invitation_token

from .emails import absolute


def send_invitation(*, invitation_id: int, sends: int) -> bool:
    """E-mail the invitation's link if this is still its latest send and it is open (a
    re-sent, used or revoked invitation's earlier send is skipped). Returns whether it went."""
    invitation = (
        CompanyInvitation.objects.select_related("company", "invited_by__user")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.sends != sends or not invitation.is_open:
        return False
    build_invitation_email(invitation).send()
    return True


def build_invitation_email(invitation: CompanyInvitation) -> EmailMultiAlternatives:
    language = invitation.language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("members:company_invitation", kwargs={"token": invitation_token(invitation)})
        context = {
            "company": invitation.company.legal_name,
            "role": invitation.get_role_display(),
            "inviter": invitation.invited_by.user.email if invitation.invited_by else "",
            "expires": formats.date_format(invitation.expires_at, "DATE_FORMAT"),
            "accept_url": absolute(path),
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
        }
        subject = _("%(company)s invites you to order with them") % {
            "company": invitation.company.legal_name
        }
        context["subject"] = subject
        email = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("companies/email/invitation.txt", context),
            to=[invitation.email],
            headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
        )
        email.attach_alternative(
            render_to_string("companies/email/invitation.html", context), "text/html"
        )
    return email
