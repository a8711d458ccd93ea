"""Reads of quotes: who may see one, the staff's queue, the prices staff start from."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.catalog.models import Product
from apps.catalog.pricing import PriceBreak, pricing_context, unit_price
from apps.companies.selectors import company_id_of
from apps.core.errors import ApplicationError

from .models import AWAITING_STAFF, Quote, QuoteAttachment


def visible_quotes(member) -> QuerySet[Quote]:
    """The quotes a member may read: their own personal ones and their company's (company
    members see the company's quotes, whoever asked). A member who left a company no longer
    sees its quotes, even those they asked for."""
    if member is None or member.pk is None:
        return Quote.objects.none()
    company_id = company_id_of(member)
    scope = Q(member_id=member.pk, company__isnull=True)
    if company_id is not None:
        scope |= Q(company_id=company_id)
    return Quote.objects.filter(scope)


def quote_for_member(member, number: str) -> Quote | None:
    return (
        visible_quotes(member)
        .select_related("member__user", "company", "order")
        .filter(number=number)
        .first()
    )


def attachment_for_member(member, quote: Quote, attachment_id: int) -> QuoteAttachment | None:
    if not visible_quotes(member).filter(pk=quote.pk).exists():
        return None
    return quote.attachments.filter(pk=attachment_id).first()


def staff_queue() -> QuerySet[Quote]:
    """Quotes waiting for the merchant's answer, the longest-waiting first."""
    return Quote.objects.filter(status__in=AWAITING_STAFF).order_by("waiting_since", "id")


def waiting_longer_than(days: int) -> QuerySet[Quote]:
    return staff_queue().filter(waiting_since__lte=timezone.now() - timedelta(days=days))


def catalogue_prices(quote: Quote, items: list[tuple[Product, int]]) -> list[PriceBreak | None]:
    """For each (product, quantity): the buyer's price (their price list, member price or the
    list price) and the list price, in the quote's currency; None when it cannot be priced."""
    try:
        context = pricing_context(currency=quote.currency, member=quote.member)
    except ApplicationError:
        return [None for _item in items]
    return [unit_price(product, quantity, context) for product, quantity in items]


def suggested_prices(quote: Quote) -> dict[int, PriceBreak | None]:
    """The price staff start from for each line with a product (by line id)."""
    items = [
        (line.pk, line.product, line.quantity)
        for line in quote.lines.select_related("product")
        if line.product is not None
    ]
    prices = catalogue_prices(quote, [(product, quantity) for _id, product, quantity in items])
    return {line_id: price for (line_id, _p, _q), price in zip(items, prices, strict=True)}
