"""Writes: staff set terms and limits (the admin), and the credit line's row lock."""

from django.db import transaction

from apps.companies.models import Company

from .models import CreditTerms
from .selectors import Terms


def save_terms(*, terms: CreditTerms) -> CreditTerms:
    """Save a company's or a member's terms (``full_clean`` first: one owner, a sane deposit)."""
    terms.full_clean()
    terms.save()
    return terms


def lock_credit_line(*, terms: Terms) -> None:
    """Lock the row that stands for the credit line ``terms`` draw on (the company, or the
    member's own terms), inside the caller's transaction: two orders checking the same line's
    available credit wait for each other, so they cannot both pass the limit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_credit_line needs a transaction")
    if terms.company_id is not None:
        Company.objects.select_for_update().filter(pk=terms.company_id).values_list("pk").first()
    elif terms.member_id is not None:
        CreditTerms.objects.select_for_update().filter(member_id=terms.member_id).values_list(
            "pk"
        ).first()
