"""Reads: which terms apply to a buyer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from djmoney.money import Money

from apps.companies.models import Company, PaymentTerms
from apps.companies.selectors import membership_of
from apps.members.models import Member

from .models import CreditTerms

NET_DAYS = {PaymentTerms.NET_15: 15, PaymentTerms.NET_30: 30, PaymentTerms.NET_60: 60}


@dataclass(frozen=True)
class Terms:
    """The terms a buyer orders on, and whose credit line their unpaid orders draw on: the
    company's (``company_id``) or the member's own (``member_id``); neither for prepayment."""

    kind: str
    deposit_percent: int = 0
    credit_limit: Money | None = None
    company_id: int | None = None
    member_id: int | None = None

    @property
    def net_days(self) -> int | None:
        """Days until an order is due on net terms; None on other terms."""
        return NET_DAYS.get(PaymentTerms(self.kind))

    @property
    def is_deposit(self) -> bool:
        return self.kind == PaymentTerms.DEPOSIT


PREPAYMENT = Terms(kind=PaymentTerms.PREPAYMENT)


def terms_for(member: Member | None) -> Terms:
    """The member's own terms if they have a row of their own, else their company's
    (``Company.payment_terms`` with its row's deposit and credit limit), else prepayment."""
    if member is None or member.pk is None:
        return PREPAYMENT
    own = CreditTerms.objects.filter(member_id=member.pk).first()
    if own is not None:
        return Terms(
            kind=own.payment_terms,
            deposit_percent=own.deposit_percent,
            credit_limit=cast(Money, own.credit_limit),
            member_id=member.pk,
        )
    membership = membership_of(member)
    if membership is None:
        return PREPAYMENT
    return company_terms(membership.company)


def company_terms(company: Company) -> Terms:
    row = CreditTerms.objects.filter(company_id=company.pk).first()
    return Terms(
        kind=company.payment_terms,
        deposit_percent=row.deposit_percent if row else CreditTerms().deposit_percent,
        # No row: no credit (orders on net terms are refused until staff set a limit).
        credit_limit=cast(Money, row.credit_limit) if row else None,
        company_id=company.pk,
    )
