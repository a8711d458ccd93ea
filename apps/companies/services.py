"""Every write to companies: named verbs with keyword-only arguments (docs/companies.md)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from apps.core import events, tax_ids
from apps.members.models import Member

from .errors import AlreadyInCompany, InvalidMerge
from .events import CompanyCreated, CompanyMemberAdded
from .extensions import company_merging
from .models import Company, CompanyMember, CompanyMerge, CompanyRole


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
    number = tax_ids.normalise_tax_id(country=country, number=vat_id).number
    company = Company.objects.create(
        legal_name=legal_name.strip(), country=country, vat_id=number, **fields
    )
    events.publish(CompanyCreated(company_id=company.pk))
    if admin is not None:
        add_member(company=company, member=admin, role=CompanyRole.ADMIN)
    return company


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
