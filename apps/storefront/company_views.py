"""The member center's "Company" page and the invitation link (docs/companies.md).

Who sees what: every member of the company sees its details; the company admin also manages
its members (invite, re-send, revoke, change a role, remove) and sees all of its orders; a
viewer reads the members and the company's orders; a buyer sees their own orders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.adapters import COMPANY_INVITATION_SESSION_KEY
from apps.companies import services
from apps.companies.errors import InvitationInvalid
from apps.companies.models import CompanyInvitation, CompanyMember, CompanyRole
from apps.companies.selectors import members_of, membership_of, open_invitations
from apps.core.errors import ApplicationError
from apps.members.views import current_member

from .company_forms import InviteForm, RoleForm
from .selectors import company_orders


def _admin_membership(request: HttpRequest) -> CompanyMember:
    membership = membership_of(current_member(request))
    if membership is None or membership.role != CompanyRole.ADMIN:
        raise PermissionDenied
    return membership


@login_required
def company_page(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    membership = membership_of(member)
    context: dict = {"section": "company", "membership": membership}
    if membership is not None:
        company = membership.company
        is_admin = membership.role == CompanyRole.ADMIN
        reads_all = membership.role in (CompanyRole.ADMIN, CompanyRole.VIEWER)
        context |= {
            "company": company,
            "is_admin": is_admin,
            "reads_all": reads_all,
            "members": members_of(company.pk) if reads_all else [],
            "invitations": open_invitations(company.pk) if is_admin else [],
            "invite_form": InviteForm(initial={"language": request.LANGUAGE_CODE}),
            "roles": CompanyRole.choices,
            "page": company_orders(
                company.pk,
                member=None if reads_all else member,
                page=request.GET.get("page"),
            ),
        }
    return render(request, "companies/company.html", context)


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("members:company")


def _refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    messages.error(request, str(error.message))
    return redirect("members:company")


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    membership = _admin_membership(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("members:company")
    try:
        services.invite(
            company=membership.company,
            invited_by=membership.member,
            **form.cleaned_data,
        )
    except ApplicationError as error:
        return _refused(request, error)
    return _done(
        request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
    )


def _invitation(membership: CompanyMember, pk: int) -> CompanyInvitation:
    invitation = CompanyInvitation.objects.filter(pk=pk, company_id=membership.company_id).first()
    if invitation is None:
        raise Http404
    return invitation


@login_required
@require_POST
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(_admin_membership(request), pk)
    try:
        services.resend_invitation(invitation=invitation)
    except ApplicationError as error:
        return _refused(request, error)
    return _done(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(_admin_membership(request), pk)
    try:
        services.revoke_invitation(invitation=invitation)
    except ApplicationError as error:
        return _refused(request, error)
    return _done(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})


@login_required
@require_POST
def change_role(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = _admin_membership(request)
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.change_role(
            company=membership.company, member_id=member_id, role=form.cleaned_data["role"]
        )
    except ApplicationError as error:
        return _refused(request, error)
    return _done(request, _("Role changed."))


@login_required
@require_POST
def remove_member(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = _admin_membership(request)
    try:
        services.remove_member(company=membership.company, member_id=member_id)
    except ApplicationError as error:
        return _refused(request, error)
    return _done(request, _("Removed from the company."))


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: a signed-in member joins (after confirming); a
    visitor signs in or signs up with it (their new account joins the company)."""
    try:
        found = services.check_invitation(token)
    except InvitationInvalid as error:
        return render(request, "companies/invitation.html", {"error": error.message}, status=410)
    if not request.user.is_authenticated:
        request.session[COMPANY_INVITATION_SESSION_KEY] = token
        # The address the invitation went to counts as verified when they sign up with it.
        request.session["account_verified_email"] = found.email
        here = request.get_full_path()
        company_page_path = reverse("members:company")
        return render(
            request,
            "companies/invitation.html",
            {
                "invitation": found,
                "signup_url": reverse("account_signup")
                + "?"
                + urlencode({"email": found.email, "next": company_page_path}),
                "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
            },
        )
    if request.method == "POST":
        try:
            services.accept_invitation(token=token, member=current_member(request))
        except ApplicationError as error:
            return render(
                request,
                "companies/invitation.html",
                {"invitation": found, "error": error.message},
                status=409,
            )
        request.session.pop(COMPANY_INVITATION_SESSION_KEY, None)
        return _done(
            request,
            _("Welcome to %(company)s.") % {"company": found.company.legal_name},
        )
    return render(request, "companies/invitation.html", {"invitation": found})
