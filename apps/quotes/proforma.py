"""The proforma invoice of a quote: the documents app's proforma template, fed by a small
adapter that gives the quote's revision the shape the template reads of an order (number,
buyer, Incoterm and place, lines, totals). Not numbered in the invoice series: a quote's
proforma is an offer, numbered by the quote and its revision; the order's own proforma gets
its number once the quote is accepted.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from djmoney.money import Money

from apps.catalog.units import unit_of
from apps.documents.models import DocumentKind
from apps.documents.rendering import render_pdf
from apps.documents.words import amount_in_words
from apps.orders.totals import compute_totals, total_rows
from apps.sitecontent.models import CompanyDetails

from .models import Quote, QuoteRevision, QuoteRevisionLine

TEMPLATE = "documents/proforma.html"


@dataclass(frozen=True)
class _Line:
    """A quoted line as the template reads an order line."""

    name: str
    sku: str
    quantity: int
    unit: str
    unit_price: Decimal
    line_total: Decimal


@dataclass(frozen=True)
class _Row:
    line: _Line
    hs_code: str
    origin: str
    net_weight_kg: Decimal | None
    gross_weight_kg: Decimal | None
    packages: int


@dataclass(frozen=True)
class _OfferAsOrder:
    """What the template reads of ``order``."""

    number: str
    email: str
    currency: str
    incoterm: str
    incoterm_place: str
    vat_id: str = ""
    po_number: str = ""
    reverse_charge: bool = False
    shipping_method: None = None
    ship_to_phone: str = ""


@dataclass(frozen=True)
class _OfferDocument:
    number: str
    issued_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)


def _weight(per_unit: Decimal | None, quantity: int) -> Decimal | None:
    return None if per_unit is None else per_unit * quantity


def _row(line: QuoteRevisionLine) -> _Row:
    product = line.product
    return _Row(
        line=_Line(
            name=product.name,
            sku=product.sku,
            quantity=line.quantity,
            unit=unit_of(product),
            unit_price=line.unit_price,
            line_total=line.line_total,
        ),
        hs_code=product.hs_code,
        origin=countries.name(product.country_of_origin) if product.country_of_origin else "",
        net_weight_kg=_weight(product.net_weight_kg, line.quantity),
        gross_weight_kg=_weight(product.gross_weight_kg, line.quantity),
        packages=math.ceil(line.quantity / max(product.units_per_package, 1)),
    )


def quote_proforma_context(*, quote: Quote, revision: QuoteRevision) -> dict[str, Any]:
    """The proforma template's context for ``revision``, in the active language."""
    company = CompanyDetails.objects.first()
    lines = list(revision.lines.select_related("product"))
    rows = [_row(line) for line in lines]
    totals = compute_totals(
        lines=[(line.unit_price, line.unit_price, line.quantity) for line in lines],
        discounts=[],
        shipping=revision.freight_amount + revision.insurance_amount,
    )
    place = ", ".join(
        part
        for part in (quote.destination_port, countries.name(str(quote.destination_country)))
        if part
    )
    member = quote.member
    buyer = [
        part
        for part in (
            quote.company.legal_name if quote.company else str(member.company_name or ""),
            str(member.user.get_full_name() or ""),
            str(countries.name(str(quote.destination_country))),
        )
        if part
    ]
    return {
        "document": _OfferDocument(
            number=f"{quote.number}-{revision.number}", issued_at=revision.created_at
        ),
        "title": DocumentKind.PROFORMA.label,
        "order": _OfferAsOrder(
            number=quote.number,
            email=quote.email,
            currency=quote.currency,
            incoterm=quote.incoterm,
            incoterm_place=place,
        ),
        "seller": company,
        "bank_details": (company.bank_details if company else "") or settings.BANK_TRANSFER_DETAILS,
        "buyer_address": buyer,
        "consignee_address": buyer,
        "lines": rows,
        "rows": total_rows(
            currency=quote.currency,
            totals=totals,
            discounts=[],
            shipping_method=_("freight and insurance") if revision.insurance_amount else "",
            freight=totals.shipping,
            shipping_benefit=Decimal(0),
            shipping_benefit_label="",
            freight_quoted_later=False,
        ),
        "total_in_words": amount_in_words(Money(totals.total, quote.currency)),
    }


def render_quote_proforma(*, quote: Quote, revision: QuoteRevision) -> bytes:
    """The revision's proforma invoice as PDF in the quote's language."""
    with translation.override(quote.language):
        context = quote_proforma_context(quote=quote, revision=revision)
    return render_pdf(template=TEMPLATE, context=context, language=quote.language)
