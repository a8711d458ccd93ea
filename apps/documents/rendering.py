"""PDF documents from Django HTML templates, through WeasyPrint.

``render_pdf`` is generic (a template, its context, a language): quotes will use it too.
``render_document`` gathers what an order's trade document shows. Text is laid out by Pango in
the fonts installed with the system (scripts/services.sh): Noto Sans and DejaVu for Latin and
Cyrillic, Noto Naskh Arabic (right to left: the template sets ``dir="rtl"``), Noto Sans CJK
for Chinese and Japanese (the ``lang`` attribute picks the Chinese or Japanese glyphs).
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django_countries import countries
from weasyprint import HTML

from apps.core.addresses import address_lines, address_of
from apps.orders.models import Order, OrderLine
from apps.orders.totals import order_total_rows
from apps.sitecontent.models import CompanyDetails

from .models import DocumentKind, TradeDocument
from .words import amount_in_words

TEMPLATES = {
    DocumentKind.PROFORMA: "documents/proforma.html",
    DocumentKind.COMMERCIAL_INVOICE: "documents/commercial_invoice.html",
    DocumentKind.PACKING_LIST: "documents/packing_list.html",
}


def render_pdf(*, template: str, context: dict[str, Any], language: str) -> bytes:
    """``template`` rendered in ``language`` (right to left where it is written so) as PDF."""
    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )
    # No base URL: a document loads nothing from outside itself (styles are inline).
    return HTML(string=html).write_pdf()


@dataclass(frozen=True)
class DocumentLine:
    """An order line with what customs read about it (from the product)."""

    line: OrderLine
    hs_code: str
    origin: str
    net_weight_kg: Decimal | None
    gross_weight_kg: Decimal | None
    packages: int


def document_lines(order: Order) -> list[DocumentLine]:
    """The order's lines with their product's HS code, origin (named in the active language),
    weights for the quantity and number of packages."""
    rows = []
    for line in order.lines.all():
        product = line.product
        per_package = max(product.units_per_package, 1)
        rows.append(
            DocumentLine(
                line=line,
                hs_code=product.hs_code,
                origin=countries.name(product.country_of_origin)
                if product.country_of_origin
                else "",
                net_weight_kg=_weight(product.net_weight_kg, line.quantity),
                gross_weight_kg=_weight(product.gross_weight_kg, line.quantity),
                packages=math.ceil(line.quantity / per_package),
            )
        )
    return rows


def _weight(per_unit: Decimal | None, quantity: int) -> Decimal | None:
    return None if per_unit is None else per_unit * quantity


def _total_weight(weights: list[Decimal | None]) -> Decimal | None:
    """The sum, or None when a line's weight is unknown (a partial sum would mislead customs)."""
    if any(weight is None for weight in weights):
        return None
    return sum((weight for weight in weights if weight is not None), Decimal(0))


def document_context(document: TradeDocument) -> dict[str, Any]:
    """What the document's template shows, in the active language."""
    order = (
        Order.objects.select_related("shipping_method")
        .prefetch_related("lines__product", "discounts")
        .get(pk=document.order_id)
    )
    company = CompanyDetails.objects.first()
    lines = document_lines(order)
    invoice = None
    if document.kind == DocumentKind.PACKING_LIST:
        invoice = order.trade_documents.filter(kind=DocumentKind.COMMERCIAL_INVOICE).first()
    return {
        "document": document,
        "title": DocumentKind(document.kind).label,
        "order": order,
        "seller": company,
        "bank_details": (company.bank_details if company else "") or settings.BANK_TRANSFER_DETAILS,
        "buyer_address": (
            order.billing_address.splitlines()
            if order.billing_address
            else address_lines(address_of(order, "ship_to_"))
        ),
        "consignee_address": address_lines(address_of(order, "ship_to_")),
        "lines": lines,
        "rows": order_total_rows(order),
        "total_in_words": amount_in_words(order.total),
        "net_weight_kg": _total_weight([row.net_weight_kg for row in lines]),
        "gross_weight_kg": _total_weight([row.gross_weight_kg for row in lines]),
        "packages": sum(row.packages for row in lines),
        "invoice": invoice,
    }


def render_document(*, document: TradeDocument) -> bytes:
    """The document as PDF in its language (the buyer's when it was issued)."""
    with translation.override(document.language):
        context = document_context(document)
    return render_pdf(
        template=TEMPLATES[DocumentKind(document.kind)], context=context, language=document.language
    )
