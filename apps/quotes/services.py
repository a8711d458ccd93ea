"""Every write of a quote: request, answer (a revision), ask for a revision, accept, decline.

Each write locks the quote's row first (``lock_objects.lock_quote``), so two staff answering at
once, or a buyer accepting while staff revise, are applied one after the other: the second sees
what the first did. An answer or an acceptance names the revision it was made from; when another
revision was sent meanwhile it is refused (``QuoteRevised``) rather than silently applied to
prices nobody saw. Accepting creates the order through ``orders.services.create_order`` (points,
tier spend, payment and documents follow as for any order); an accept posted twice returns the
one order.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django_countries import countries

from apps.catalog.models import Product
from apps.companies.models import CompanyRole
from apps.companies.selectors import membership_of
from apps.core import events
from apps.currencies.errors import MissingExchangeRate
from apps.currencies.selectors import exchange_rate
from apps.orders.models import Order
from apps.orders.services import LineDraft, OrderDraft, create_order

from .attachments import MAX_FILES, CheckedFile
from .errors import (
    EmptyRequest,
    InvalidAttachment,
    MayNotQuote,
    QuoteExpired,
    QuoteIncomplete,
    QuoteNotAnswered,
    QuoteNotOpen,
    QuoteRevised,
)
from .events import (
    QuoteAccepted,
    QuoteAnswered,
    QuoteDeclined,
    QuoteRequested,
    QuoteRevisionRequested,
)
from .lock_objects import lock_quote
from .models import (
    OPEN_STATUSES,
    Quote,
    QuoteActivity,
    QuoteAttachment,
    QuoteLine,
    QuoteRevision,
    QuoteRevisionLine,
    QuoteSource,
    QuoteStatus,
)
from .selectors import catalogue_prices

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.members.models import Address, Member


@dataclass(frozen=True)
class LineRequest:
    """A line the buyer asks a price for: a product, or a description of what they need."""

    quantity: int
    product: Product | None = None
    description: str = ""
    target_unit_price: Decimal | None = None


@dataclass(frozen=True)
class LineAnswer:
    """Staff's (or the ERP's) price for one line; ``product`` matches a described line."""

    line_id: int
    unit_price: Decimal
    lead_time_days: int = 0
    product: Product | None = None


def check_may_quote(member: "Member") -> None:
    """A company's viewer may read its quotes but neither request nor accept nor decline."""
    membership = membership_of(member)
    if membership is not None and membership.role == CompanyRole.VIEWER:
        raise MayNotQuote()


def _member_label(member: "Member") -> str:
    return str(member.user.email)[:150]


@transaction.atomic
def request_quote(
    *,
    member: "Member",
    currency: str,
    language: str,
    lines: Sequence[LineRequest],
    incoterm: str,
    destination_country: str,
    destination_port: str = "",
    required_by: date | None = None,
    notes: str = "",
    attachments: Sequence[CheckedFile] = (),
    source: str = QuoteSource.FORM,
) -> Quote:
    """Record the buyer's request (for their company, if they have one) and tell staff.

    Raises ``MayNotQuote`` (a company viewer), ``EmptyRequest`` or ``InvalidAttachment``
    (too many files); attachments are checked before (``attachments.check_file``).
    """
    check_may_quote(member)
    lines = [line for line in lines if line.product is not None or line.description.strip()]
    if not lines:
        raise EmptyRequest()
    if len(attachments) > MAX_FILES:
        raise InvalidAttachment()
    membership = membership_of(member)
    quote = Quote.objects.create(
        member=member,
        company=membership.company if membership else None,
        email=member.user.email,
        language=language,
        currency=currency,
        source=source,
        incoterm=incoterm,
        destination_country=destination_country,
        destination_port=destination_port,
        required_by=required_by,
        notes=notes,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(
            quote=quote,
            product=line.product,
            description=line.description.strip()[:500],
            quantity=line.quantity,
            target_unit_price=line.target_unit_price,
        )
        for line in lines
    )
    QuoteAttachment.objects.bulk_create(
        QuoteAttachment(
            quote=quote,
            filename=file.filename,
            content_type=file.content_type,
            size=len(file.content),
            content=file.content,
        )
        for file in attachments
    )
    QuoteActivity.objects.create(
        quote=quote, status=QuoteStatus.REQUESTED, actor_label=_member_label(member), note=notes
    )
    events.publish(QuoteRequested(quote_id=quote.pk))
    return quote


@transaction.atomic
def answer_quote(
    *,
    quote: Quote,
    lines: Sequence[LineAnswer],
    valid_until: date,
    freight: Decimal = Decimal(0),
    insurance: Decimal = Decimal(0),
    terms: str = "",
    note: str = "",
    expected_revision: int | None = None,
    actor: "User | None" = None,
    actor_label: str = "",
) -> QuoteRevision:
    """Send the buyer a new revision: a price (and lead time) for every line, freight and
    insurance for the Incoterm, the validity date and terms.

    ``expected_revision``: the latest revision the answer was made from (0: none); when another
    was sent meanwhile, ``QuoteRevised`` (nothing changes). Raises ``QuoteNotOpen`` for an
    accepted or declined quote, ``QuoteIncomplete`` when a line has no product or no price.
    """
    locked = lock_quote(quote.pk)
    if locked.status not in OPEN_STATUSES:
        raise QuoteNotOpen()
    if expected_revision is not None and expected_revision != locked.revision_count:
        raise QuoteRevised()
    answers = {answer.line_id: answer for answer in lines}
    quote_lines = list(locked.lines.select_related("product"))
    drafts = []
    for line in quote_lines:
        answer = answers.get(line.pk)
        product = (answer.product if answer else None) or line.product
        if answer is None or product is None or answer.unit_price < 0:
            raise QuoteIncomplete()
        drafts.append((line, product, answer))
    list_prices = _list_prices(locked, [(product, line.quantity) for line, product, _a in drafts])
    subtotal = sum((a.unit_price * line.quantity for line, _p, a in drafts), Decimal(0))
    locked.revision_count += 1
    revision = QuoteRevision.objects.create(
        quote=locked,
        number=locked.revision_count,
        freight_amount=freight,
        insurance_amount=insurance,
        subtotal_amount=subtotal,
        total_amount=subtotal + freight + insurance,
        valid_until=valid_until,
        terms=terms,
        note=note,
        answered_by=actor if getattr(actor, "pk", None) else None,
        answered_by_label=(actor_label or str(actor or ""))[:100],
    )
    QuoteRevisionLine.objects.bulk_create(
        QuoteRevisionLine(
            revision=revision,
            line=line,
            product=product,
            quantity=line.quantity,
            list_unit_price=max(list_prices[index], answer.unit_price),
            unit_price=answer.unit_price,
            lead_time_days=answer.lead_time_days,
        )
        for index, (line, product, answer) in enumerate(drafts)
    )
    for line, product, _answer in drafts:
        if line.product_id is None:  # a described line matched to a product
            line.product = product
            line.save(update_fields=["product"])
    locked.status = QuoteStatus.QUOTED
    locked.waiting_since = timezone.now()
    locked.save(update_fields=["status", "revision_count", "waiting_since"])
    QuoteActivity.objects.create(
        quote=locked, status=QuoteStatus.QUOTED, actor_label=revision.answered_by_label, note=note
    )
    events.publish(QuoteAnswered(quote_id=locked.pk, revision=revision.number))
    return revision


# Terms whose named place is where the goods arrive (Incoterms 2020: C and D terms); for E and F
# terms it is where the seller hands them over, the shop's own place (the order's default).
DESTINATION_TERMS = ("CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP")


def incoterm_place(quote: Quote) -> str:
    """The named place of the quote's Incoterm on its order: the buyer's destination port or
    place (else the destination country) for C and D terms; empty (the shop's place) for E and
    F terms, whose place is the seller's."""
    if quote.incoterm not in DESTINATION_TERMS:
        return ""
    if quote.destination_port:
        return quote.destination_port
    with translation.override(quote.language):
        return str(countries.name(quote.destination_country))


def _list_prices(quote: Quote, items: list[tuple[Product, int]]) -> list[Decimal]:
    """The catalogue's unit price of each product for its quantity in the quote's currency
    (what the order shows as the list price; 0 when it cannot be priced)."""
    return [
        price.list_price.amount if price else Decimal(0) for price in catalogue_prices(quote, items)
    ]


@transaction.atomic
def request_revision(*, quote: Quote, member: "Member", note: str = "") -> Quote:
    """The buyer asks staff to revise a quoted quote (an expired one too)."""
    check_may_quote(member)
    locked = lock_quote(quote.pk)
    if locked.status not in OPEN_STATUSES:
        raise QuoteNotOpen()
    if locked.status != QuoteStatus.QUOTED:
        raise QuoteNotAnswered()
    locked.status = QuoteStatus.REVISION_REQUESTED
    locked.waiting_since = timezone.now()
    locked.save(update_fields=["status", "waiting_since"])
    activity = QuoteActivity.objects.create(
        quote=locked,
        status=QuoteStatus.REVISION_REQUESTED,
        actor_label=_member_label(member),
        note=note[:2000],
    )
    events.publish(QuoteRevisionRequested(quote_id=locked.pk, activity_id=activity.pk))
    return locked


@transaction.atomic
def decline_quote(*, quote: Quote, member: "Member", note: str = "") -> Quote:
    """The buyer declines the quote; it is closed."""
    check_may_quote(member)
    locked = lock_quote(quote.pk)
    if locked.status not in OPEN_STATUSES:
        raise QuoteNotOpen()
    locked.status = QuoteStatus.DECLINED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    QuoteActivity.objects.create(
        quote=locked, status=QuoteStatus.DECLINED, actor_label=_member_label(member), note=note
    )
    events.publish(QuoteDeclined(quote_id=locked.pk))
    return locked


@transaction.atomic
def accept_quote(
    *,
    quote: Quote,
    member: "Member",
    revision: int,
    address: "Address",
    payment_method: str,
    po_number: str = "",
) -> Order:
    """Accept revision ``revision``: place its order at the quoted prices, shipped to
    ``address`` and paid by ``payment_method``, through ``orders.services.create_order``.

    Posted twice (a double click, two tabs), the second call finds the quote accepted and
    returns its order. Raises ``QuoteNotAnswered``, ``QuoteRevised`` (staff sent another
    revision since), ``QuoteExpired`` (past the revision's validity), ``QuoteNotOpen``
    (declined), ``MayNotQuote``, or the order's own errors; nothing is written then.
    """
    check_may_quote(member)
    locked = lock_quote(quote.pk)
    if locked.status == QuoteStatus.ACCEPTED and locked.order is not None:
        return locked.order
    if locked.status not in OPEN_STATUSES:
        raise QuoteNotOpen()
    latest = locked.latest_revision
    if latest is None or locked.status != QuoteStatus.QUOTED:
        raise QuoteNotAnswered()
    if latest.number != revision:
        raise QuoteRevised()
    if locked.is_expired(latest):
        raise QuoteExpired(
            QuoteExpired.default_message % {"date": formats.date_format(latest.valid_until)}
        )
    rate = exchange_rate(settings.BASE_CURRENCY, locked.currency)
    if rate is None:  # as checkout: an order's amounts in the base currency need the rate
        raise MissingExchangeRate()
    lines = list(latest.lines.select_related("product"))
    order = create_order(
        draft=OrderDraft(
            # The buyer who accepts places the order (a colleague in the quote's company).
            email=locked.email if member.pk == locked.member_id else member.user.email,
            language=locked.language,
            currency=locked.currency,
            exchange_rate=rate,
            payment_method=payment_method,
            incoterm=locked.incoterm,
            lines=[
                LineDraft(
                    product=line.product,
                    quantity=line.quantity,
                    # The quoted price is the order's price: its documents (a customs
                    # invoice's transaction value) show no saving against the catalogue,
                    # which the quote itself shows.
                    list_unit_price=line.unit_price,
                    unit_price=line.unit_price,
                    # Made to order (a lead time): nothing taken from the shelf; the lines
                    # quoted from stock take it as checkout does.
                    take_stock=line.lead_time_days == 0,
                )
                for line in lines
            ],
            address={
                **{field: getattr(address, field) for field in address.ORDER_FIELDS},
                "country": str(address.country),
                "phone": address.phone,
            },
            member=member,
            shipping_amount=latest.freight_amount + latest.insurance_amount,
            vat_id=address.vat_id,
            po_number=po_number,
            notes=f"{locked.number} #{latest.number}",
            incoterm_place=incoterm_place(locked),
        )
    )
    locked.status = QuoteStatus.ACCEPTED
    locked.order = order
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "order", "closed_at"])
    QuoteActivity.objects.create(
        quote=locked, status=QuoteStatus.ACCEPTED, actor_label=_member_label(member)
    )
    events.publish(QuoteAccepted(quote_id=locked.pk, order_id=order.pk))
    return order
