"""Reads about companies."""

from __future__ import annotations

from apps.members.models import Member

from .models import CompanyMember


def membership_of(member: Member | None) -> CompanyMember | None:
    """The member's place in a company (with the company), or None."""
    if member is None or member.pk is None:
        return None
    return CompanyMember.objects.select_related("company").filter(member_id=member.pk).first()
