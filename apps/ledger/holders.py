"""Whose points account a member's points go to: the one place that decides it (#20).

The programme says who earns (``Programme.who_earns``): each buyer (the default, and the
behaviour before companies) or the company. When the company earns, a member of a company
(not merged into another) earns, spends and is held on the company's account; every entry on
it records the buyer (``LedgerEntry.member``). Every path asks here, through ``holder_of``:
the ledger's earn, spend, adjust, clawback and restore (``services``), order points
(``purchases``), rules and bonuses, holds, the balance (``selectors.balance``), and, through
those, checkout redemption, rewards, the API and the member center. Closing a member's own
account (``services.forfeit_all``) always takes the member's own account.

Switching the setting moves nothing: balances stay on the account they were earned on, and the
member center and the admin say which account a figure belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from apps.companies.models import Company
from apps.companies.selectors import membership_of, membership_of_id

from .models import LedgerEntry, PointsAccount, Programme, WhoEarns

if TYPE_CHECKING:
    from apps.members.models import Member


# What the API calls the two kinds of account holder (``Holder.as_dict``).
ACCOUNT_TYPES = [("member", "member"), ("company", "company")]


@dataclass(frozen=True)
class Holder:
    """The owner of a points account: a member (``company_id`` None) or a company."""

    member_id: int | None
    company_id: int | None = None
    company_name: str = ""

    @property
    def is_company(self) -> bool:
        return self.company_id is not None

    def accounts(self) -> QuerySet[PointsAccount]:
        """The holder's account as a queryset (empty before its first points)."""
        if self.company_id is not None:
            return PointsAccount.objects.filter(company_id=self.company_id)
        return PointsAccount.objects.filter(member_id=self.member_id or 0)

    def as_dict(self) -> dict[str, object]:
        """What the API says about whose account a figure reports."""
        if self.company_id is not None:
            return {"type": "company", "id": self.company_id, "name": self.company_name}
        return {"type": "member", "id": self.member_id, "name": ""}


def company_earns() -> bool:
    """True when the programme credits a company buyer's points to the company."""
    return Programme.current().who_earns == WhoEarns.COMPANY


def holder_of(member: Member) -> Holder:
    """Whose account ``member``'s points go to now: their company's when the company earns
    and they belong to one (not merged away), else their own. No query unless the company
    earns (then one: the membership with its company)."""
    if not company_earns():
        return Holder(member.pk)
    return holder_of_member(member.pk)


def holder_of_member(member_id: int) -> Holder:
    """``holder_of`` by the member's id, when the company earns (the ledger's SQL functions
    ``ledger_buyer_earn``/``ledger_buyer_spend`` decide the same in the database)."""
    membership = membership_of_id(member_id)
    if membership is None:
        return Holder(member_id)
    company = membership.company
    while company.merged_into_id is not None:  # a merged company's members moved already
        company = Company.objects.get(pk=company.merged_into_id)
    return Holder(None, company.pk, company.legal_name)


def company_holder(company: Company) -> Holder:
    """A company's own account (the API's and staff's changes to a company)."""
    return Holder(None, company.pk, company.legal_name)


def source_holder(member: Member, source: str) -> Holder:
    """The account ``source``'s points went to or were spent from (a refunded or cancelled
    order): the member's own or their company's, whichever has entries of that source (the
    setting may have switched since); else where the member's points go now."""
    current = holder_of(member)
    membership = membership_of(member) if source else None
    if membership is None:
        return current
    found = list(
        LedgerEntry.objects.filter(source=source)
        .filter(Q(account__member_id=member.pk) | Q(account__company_id=membership.company_id))
        .values_list("account__company_id", flat=True)[:1]
    )
    if not found:
        return current
    if found[0] is None:
        return Holder(member.pk)
    company = membership.company
    return Holder(None, company.pk, company.legal_name)
