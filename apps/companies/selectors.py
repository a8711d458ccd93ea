"""Reads about companies."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from apps.members.models import Member

from .models import Company, CompanyInvitation, CompanyMember


def membership_of(member: Member | None) -> CompanyMember | None:
    """The member's place in a company (with the company), or None."""
    if member is None or member.pk is None:
        return None
    return membership_of_id(member.pk)


def membership_of_id(member_id: int) -> CompanyMember | None:
    """``membership_of`` by the member's id."""
    return CompanyMember.objects.select_related("company").filter(member_id=member_id).first()


def members_of(company_id: int) -> QuerySet[CompanyMember]:
    """The company's members with their accounts, admins first."""
    return (
        CompanyMember.objects.filter(company_id=company_id)
        .select_related("member__user")
        .order_by("role", "member__user__email")
    )


def open_invitations(company_id: int) -> QuerySet[CompanyInvitation]:
    """Invitations not yet accepted nor revoked (expired ones included: they can be re-sent)."""
    return CompanyInvitation.objects.filter(
        company_id=company_id, accepted_at__isnull=True, revoked_at__isnull=True
    ).order_by("-sent_at", "-id")


def with_member_counts(companies: QuerySet[Company]) -> QuerySet[Company]:
    return companies.annotate(member_count=Count("memberships"))


def company_id_of(member: Member | None) -> int | None:
    """The id of the member's company, or None (one indexed lookup)."""
    if member is None or member.pk is None:
        return None
    return (
        CompanyMember.objects.filter(member_id=member.pk)
        .values_list("company_id", flat=True)
        .first()
    )
