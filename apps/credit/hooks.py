"""What credit plugs into the apps below (``apps.core.extensions``), loaded at start-up."""

from typing import Any, cast

from djmoney.money import Money

from apps.companies.extensions import company_merging
from apps.companies.models import Company, PaymentTerms

from .models import CreditTerms


def _described(company: Company, terms: CreditTerms) -> dict[str, str]:
    limit = cast(Money, terms.credit_limit)
    return {
        "payment_terms": company.payment_terms,
        "deposit_percent": str(terms.deposit_percent),
        "credit_limit": f"{limit.amount} {limit.currency}",
    }


@company_merging.register_as("credit")
def merge_credit_terms(*, merged: Company, survivor: Company, actor: Any) -> dict[str, Any] | None:
    """The merged duplicate's credit terms (docs/credit.md, "Merging companies").

    - The survivor has terms and a limit of its own: they stand. Limits are not added up (each
      was a decision on one record); the duplicate's are kept in the merge's audit record for
      finance to review, and its row stays with it, unused.
    - The survivor has none: the duplicate's move to it (its limit, deposit and, when the
      survivor is on prepayment, its payment terms), as they were granted to the same buyer.

    Either way the duplicate's unpaid orders on terms now draw on the survivor's line (the
    orders moved with the company, ``orders.hooks``).
    """
    theirs = CreditTerms.objects.filter(company=merged).first()
    if theirs is None:
        return None
    ours = CreditTerms.objects.filter(company=survivor).first()
    if ours is not None:
        return {
            "outcome": "survivor_terms_kept",
            "survivor": _described(survivor, ours),
            "merged": _described(merged, theirs),
        }
    described = _described(merged, theirs)
    theirs.company = survivor
    theirs.save(update_fields=["company", "updated_at"])
    if survivor.payment_terms == PaymentTerms.PREPAYMENT:
        survivor.payment_terms = merged.payment_terms
        Company.objects.filter(pk=survivor.pk).update(payment_terms=merged.payment_terms)
    return {"outcome": "moved_to_survivor", "merged": described}
