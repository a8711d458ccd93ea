"""Orders on payment terms (#21, docs/credit.md): the credit check, the due date, the deposit.

A bank transfer order of a buyer on net 15/30/60 days is accepted only within the credit
available on their credit line (the company's, or the member's own): the limit less what the
orders that drew on that line (``Order.credit_line``) still owe until paid in full, shipped or
not, compared in the limit's currency at the merchant's rates.
The line's row is locked first, so two checkouts at once cannot both pass the limit. An
accepted order ("accepted on terms") is due that many days after it is placed and may ship
before it is paid; cancelling it frees its credit. On deposit terms no credit is used:
the deposit is paid before production and the rest before shipment.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import F, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.companies.models import PaymentTerms
from apps.core import formatting
from apps.credit.selectors import Terms, terms_for
from apps.credit.services import lock_credit_line
from apps.currencies.selectors import convert, round_to_minor_unit

from .errors import CreditLimitExceeded
from .models import CLOSED_UNPAID, CreditLine, Order, PaymentMethod

if TYPE_CHECKING:
    from apps.members.models import Member


@dataclass(frozen=True)
class TermsDecision:
    """What an order records of its buyer's terms."""

    payment_terms: str = ""
    due_date: date | None = None
    credit_line: str = ""
    deposit_amount: Decimal = Decimal(0)


def unpaid_on_credit(terms: Terms) -> QuerySet[Order]:
    """The orders on net terms that drew on the credit line of ``terms`` and are not paid in
    full (nor cancelled or refunded), whatever their fulfilment status."""
    orders = Order.objects.filter(
        paid_at__isnull=True,
        payment_method=PaymentMethod.BANK_TRANSFER,
        due_date__isnull=False,
    ).exclude(status__in=CLOSED_UNPAID)
    if terms.company_id is not None:
        return orders.filter(company_id=terms.company_id, credit_line=CreditLine.COMPANY)
    return orders.filter(member_id=terms.member_id or 0, credit_line=CreditLine.MEMBER)


def credit_used(terms: Terms, currency: str) -> Money:
    """What the unpaid orders on net terms still owe, in ``currency``."""
    used = Money(0, currency)
    owed = (
        unpaid_on_credit(terms)
        .values("currency")
        .annotate(owed=Sum(F("total_amount") - F("received_amount")))
    )
    for row in owed:
        used += convert(Money(row["owed"], row["currency"]), currency)
    return used


def available_credit(terms: Terms) -> Money | None:
    """The limit less what is used (never below zero); None without a credit line."""
    if terms.credit_limit is None or terms.net_days is None:
        return None
    limit = terms.credit_limit
    currency = str(limit.currency)
    left = limit - credit_used(terms, currency)
    return left if left.amount > 0 else Money(0, currency)


def decide_terms(*, member: "Member | None", payment_method: str, total: Money) -> TermsDecision:
    """The terms a new order is placed on; raises ``CreditLimitExceeded`` (call inside the
    order's transaction: the credit line stays locked until it commits)."""
    if payment_method != PaymentMethod.BANK_TRANSFER:
        return TermsDecision()
    terms = terms_for(member)
    if terms.is_deposit:
        deposit = total.amount * terms.deposit_percent / 100
        return TermsDecision(
            payment_terms=PaymentTerms.DEPOSIT,
            deposit_amount=round_to_minor_unit(deposit, str(total.currency)),
        )
    if terms.net_days is None:
        return TermsDecision(payment_terms=PaymentTerms.PREPAYMENT)
    lock_credit_line(terms=terms)
    available = available_credit(terms)
    limit_currency = str(terms.credit_limit.currency) if terms.credit_limit else str(total.currency)
    needed = convert(total, limit_currency)
    if available is None or needed > available:
        shown = available if available is not None else Money(0, limit_currency)
        raise CreditLimitExceeded(
            CreditLimitExceeded.default_message
            % {"total": formatting.money_text(total), "available": formatting.money_text(shown)}
        )
    return TermsDecision(
        payment_terms=terms.kind,
        due_date=timezone.localdate() + timedelta(days=terms.net_days),
        credit_line=CreditLine.COMPANY if terms.company_id is not None else CreditLine.MEMBER,
    )


def terms_hint(member: "Member | None") -> str:
    """What checkout says under the payment methods to a buyer with payment terms: their terms
    and, on net terms, the credit available now (empty for prepayment)."""
    terms = terms_for(member)
    if terms.kind == PaymentTerms.PREPAYMENT:
        return ""
    label = PaymentTerms(terms.kind).label
    if terms.net_days is None:
        return _("Bank transfer on your terms: %(terms)s.") % {"terms": label}
    available = available_credit(terms)
    shown = available if available is not None else Money(0, settings.BASE_CURRENCY)
    return _("Bank transfer on your terms: %(terms)s. Available credit: %(available)s.") % {
        "terms": label,
        "available": formatting.money_text(shown),
    }
