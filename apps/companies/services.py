"""Every write to companies: named verbs with keyword-only arguments (docs/companies.md)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from apps.core import events, tax_ids
from apps.members.models import Member

from .errors import AlreadyInCompany
from .events import CompanyCreated, CompanyMemberAdded
from .models import Company, CompanyMember, CompanyRole


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
