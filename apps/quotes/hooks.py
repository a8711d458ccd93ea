"""What quotes plug into the apps below: a closed account, a merged company, the data export."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from apps.companies.extensions import company_merging
from apps.companies.models import Company
from apps.members.extensions import account_closing

from . import data_export  # noqa: F401  (registers its export section)
from .models import OPEN_STATUSES, Quote, QuoteActivity, QuoteAttachment, QuoteStatus

# Kept as source text on the history and shown in the reader's language
# (``QuoteActivity.actor_shown``).
ACCOUNT_CLOSED = gettext_noop("account closed")


@account_closing.register
def close_quotes_of_closed_account(*, member) -> None:
    """The member's open quotes are closed (declined); their own quotes' attachments go, and
    the e-mail address on every quote of theirs is erased with the account's. A company's
    quotes keep their lines and prices (the company's records)."""
    quotes = Quote.objects.filter(member=member)
    now = timezone.now()
    for quote in quotes.filter(status__in=OPEN_STATUSES):
        QuoteActivity.objects.create(
            quote=quote, status=QuoteStatus.DECLINED, actor_label=ACCOUNT_CLOSED
        )
    quotes.filter(status__in=OPEN_STATUSES).update(status=QuoteStatus.DECLINED, closed_at=now)
    QuoteAttachment.objects.filter(quote__member=member, quote__company=None).delete()
    quotes.update(email=f"deleted-{member.user_id}@invalid.invalid", notes="")


@company_merging.register_as("quotes")
def move_company_quotes(*, merged: Company, survivor: Company, actor: Any) -> dict[str, int]:
    return {"quotes": Quote.objects.filter(company=merged).update(company=survivor)}
