"""Every write to companies: named verbs with keyword-only arguments (docs/companies.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core import events, tax_ids
from apps.members.models import Member

from .errors import (
    AlreadyInCompany,
    AlreadyInvited,
    CompanyExternalIdTaken,
    InvalidMerge,
    InvitationExpired,
    InvitationInvalid,
    InvitationRevoked,
    InvitationUsed,
    LastCompanyAdmin,
    NotCompanyMember,
)
from .events import (
    CompanyCreated,
    CompanyInvitationSent,
    CompanyMemberAdded,
    CompanyMemberRemoved,
)
from .extensions import company_merging
from .models import (
    Company,
    CompanyAddress,
    CompanyInvitation,
    CompanyMember,
    CompanyMerge,
    CompanyRole,
)

INVITATION_SALT = "companies.invitation"
# What staff and integrators may change on a company (besides its VAT id, checked).
EDITABLE_FIELDS = frozenset(
    {
        "legal_name",
        "country",
        "vat_id",
        "customer_type",
        "segment",
        "payment_terms",
        "account_manager",
        "external_id",
    }
)


@transaction.atomic
def create_company(
    *,
    legal_name: str,
    country: str,
    vat_id: str = "",
    admin: Member | None = None,
    **fields,
) -> Company:
    """Create a company (its VAT / tax id checked for its country: ``tax_ids.InvalidTaxId``);
    with ``admin``, that member becomes its company admin."""
    company = save_company(
        company=Company(legal_name=legal_name, country=country, vat_id=vat_id, **fields)
    )
    if admin is not None:
        add_member(company=company, member=admin, role=CompanyRole.ADMIN)
    return company


@transaction.atomic
def save_company(*, company: Company) -> Company:
    """Save a new or edited company (the admin's form): the VAT / tax id checked for its
    country (``tax_ids.InvalidTaxId``); a new one is announced as ``company.created``."""
    new = company.pk is None
    company.legal_name = company.legal_name.strip()
    company.vat_id = tax_ids.normalise_tax_id(
        country=str(company.country), number=company.vat_id
    ).number
    company.external_id = _free_external_id(company, company.external_id)
    company.save()
    if new:
        events.publish(CompanyCreated(company_id=company.pk))
    return company


@transaction.atomic
def update_company(*, company: Company, **fields) -> Company:
    """Change the company's details; a changed VAT id or country has the VAT id checked again
    (``tax_ids.InvalidTaxId``)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    if "legal_name" in fields:
        fields["legal_name"] = fields["legal_name"].strip()
    if {"vat_id", "country"} & set(fields):
        country = fields.get("country", company.country)
        number = fields.get("vat_id", company.vat_id)
        fields["vat_id"] = tax_ids.normalise_tax_id(country=str(country), number=number).number
    if "external_id" in fields:
        fields["external_id"] = _free_external_id(company, fields["external_id"])
    for name, value in fields.items():
        setattr(company, name, value)
    company.save()
    return company


def _free_external_id(company: Company, external_id: str) -> str:
    """The external id trimmed; ``CompanyExternalIdTaken`` when another company has it (a
    concurrent taker is refused by the database's constraint: the API's 409 ``conflict``)."""
    external_id = (external_id or "").strip()
    others = Company.objects.filter(external_id=external_id).exclude(pk=company.pk)
    if external_id and others.exists():
        raise CompanyExternalIdTaken()
    return external_id


@transaction.atomic
def add_member(*, company: Company, member: Member, role: str = CompanyRole.BUYER) -> CompanyMember:
    """Put ``member`` in ``company`` with ``role``; a member of another company (or of this
    one already) is refused with ``AlreadyInCompany``."""
    try:
        with transaction.atomic():
            membership = CompanyMember.objects.create(company=company, member=member, role=role)
    except IntegrityError as error:
        raise AlreadyInCompany() from error
    events.publish(CompanyMemberAdded(company_id=company.pk, member_id=member.pk, role=role))
    return membership


@transaction.atomic
def merge_companies(*, merged: Company, survivor: Company, actor: Any) -> CompanyMerge:
    """Merge the duplicate ``merged`` into ``survivor``: its members join the survivor (keeping
    their roles), every app moves what it holds for it through ``company_merging`` (the
    ledger: its points, with one entry per account, each lot keeping its expiry), it is marked
    ``merged_into`` the survivor, and the merge is recorded (who: ``actor``, a staff user or
    None; when; what moved).

    Both companies are locked (in id order) first, so two merges cannot cross. Raises
    ``InvalidMerge`` for one company twice, or one that was merged already."""
    if merged.pk == survivor.pk:
        raise InvalidMerge()
    locked = {
        company.pk: company
        for company in Company.objects.select_for_update()
        .filter(pk__in=[merged.pk, survivor.pk])
        .order_by("pk")
    }
    merged, survivor = locked[merged.pk], locked[survivor.pk]
    if merged.merged_into_id is not None or survivor.merged_into_id is not None:
        raise InvalidMerge()
    moved = CompanyMember.objects.filter(company=merged).update(company=survivor)
    # Its addresses join the survivor's (the survivor's defaults stay), its open invitations
    # are revoked (whoever was invited is invited again by the survivor's admin).
    CompanyAddress.objects.filter(company=merged).update(company=survivor, is_default=False)
    CompanyInvitation.objects.filter(
        company=merged, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    details: dict[str, Any] = {}
    for app, hook in company_merging.items():
        answer = hook(merged=merged, survivor=survivor, actor=actor)
        if answer:
            details[app] = answer
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    return CompanyMerge.objects.create(
        merged=merged, survivor=survivor, merged_by=actor, members_moved=moved, details=details
    )


def _locked_membership(company: Company, member_id: int) -> CompanyMember:
    # The company row is the lock that makes "at least one admin" hold under concurrency.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    membership = CompanyMember.objects.filter(company=company, member_id=member_id).first()
    if membership is None:
        raise NotCompanyMember()
    return membership


def _other_admins(membership: CompanyMember) -> bool:
    return (
        CompanyMember.objects.filter(company_id=membership.company_id, role=CompanyRole.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_role(*, company: Company, member_id: int, role: str) -> CompanyMember:
    """Give a member of ``company`` another role; the last company admin keeps theirs
    (``LastCompanyAdmin``); a member of another company is ``NotCompanyMember``."""
    if role not in CompanyRole.values:
        raise ValueError(f"unknown role {role!r}")
    membership = _locked_membership(company, member_id)
    demoted = membership.role == CompanyRole.ADMIN and role != CompanyRole.ADMIN
    if demoted and not _other_admins(membership):
        raise LastCompanyAdmin()
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, company: Company, member_id: int) -> None:
    """Take a member out of ``company`` (their orders stay the company's: ``Order.company``);
    the last company admin stays (``LastCompanyAdmin``)."""
    membership = _locked_membership(company, member_id)
    if membership.role == CompanyRole.ADMIN and not _other_admins(membership):
        raise LastCompanyAdmin()
    membership.delete()
    events.publish(CompanyMemberRemoved(company_id=company.pk, member_id=member_id))


# --- invitations -------------------------------------------------------------------------------


def invitation_token(invitation: CompanyInvitation) -> str:
    """The signed token of the invitation's link as last sent (earlier sends' tokens lapse)."""
    return signing.dumps({"i": invitation.pk, "s": invitation.sends}, salt=INVITATION_SALT)


def _expiry():
    return timezone.now() + timedelta(days=settings.COMPANY_INVITATION_DAYS)


def _language_for(email: str, fallback: str) -> str:
    """The invitee's member language when they are a member already, else ``fallback``."""
    known = (
        Member.objects.filter(user__email__iexact=email)
        .values_list("preferred_language", flat=True)
        .first()
    )
    return known or fallback or settings.LANGUAGE_CODE


@transaction.atomic
def invite(
    *,
    company: Company,
    email: str,
    role: str = CompanyRole.BUYER,
    language: str,
    invited_by: Member | None = None,
) -> CompanyInvitation:
    """Invite ``email`` to join ``company`` with ``role``; the e-mail goes out in the invitee's
    member language if they are a member, else in ``language`` (the inviter's choice). A member
    of a company already is ``AlreadyInCompany``; an open invitation of the address,
    ``AlreadyInvited`` (send that one again)."""
    email = email.strip().lower()
    if role not in CompanyRole.values:
        raise ValueError(f"unknown role {role!r}")
    if CompanyMember.objects.filter(member__user__email__iexact=email).exists():
        raise AlreadyInCompany()
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = CompanyInvitation.objects.create(
                company=company,
                email=email,
                role=role,
                language=_language_for(email, language),
                invited_by=invited_by,
                sent_at=now,
                expires_at=_expiry(),
            )
    except IntegrityError as error:
        raise AlreadyInvited() from error
    events.publish(CompanyInvitationSent(invitation_id=invitation.pk, sends=invitation.sends))
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: CompanyInvitation) -> CompanyInvitation:
    """Send an open invitation again with a new link and a new expiry; the links sent before
    stop working. A used or revoked one is refused (``InvitationUsed``/``InvitationRevoked``)."""
    invitation = CompanyInvitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    invitation.sends += 1
    invitation.sent_at = timezone.now()
    invitation.expires_at = _expiry()
    invitation.language = _language_for(invitation.email, invitation.language)
    invitation.save(update_fields=["sends", "sent_at", "expires_at", "language"])
    events.publish(CompanyInvitationSent(invitation_id=invitation.pk, sends=invitation.sends))
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: CompanyInvitation) -> CompanyInvitation:
    """Withdraw an open invitation: its link stops working (a used one stays used)."""
    invitation = CompanyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationUsed()
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _check_open(invitation: CompanyInvitation) -> None:
    if invitation.revoked_at is not None:
        raise InvitationRevoked()
    if invitation.accepted_at is not None:
        raise InvitationUsed()


def check_invitation(token: str, *, for_update: bool = False) -> CompanyInvitation:
    """The open invitation behind a link's ``token``. Raises ``InvitationInvalid`` (forged,
    unknown or replaced by a newer send), ``InvitationRevoked``, ``InvitationUsed`` or
    ``InvitationExpired``."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        invitations = CompanyInvitation.objects.select_related("company")
        if for_update:
            invitations = invitations.select_for_update(of=("self",))
        invitation = invitations.get(pk=int(data["i"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvitationInvalid() from error
    except CompanyInvitation.DoesNotExist as error:
        raise InvitationInvalid() from error
    _check_open(invitation)
    if data.get("s") != invitation.sends:
        raise InvitationInvalid()
    if invitation.expires_at <= timezone.now():
        raise InvitationExpired()
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, member: Member) -> CompanyMember:
    """``member`` joins the invitation's company with its role and the link is used up (once:
    a second accept is ``InvitationUsed``). A member of a company already is
    ``AlreadyInCompany`` and the invitation stays open."""
    invitation = check_invitation(token, for_update=True)
    membership = add_member(company=invitation.company, member=member, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = member
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership
