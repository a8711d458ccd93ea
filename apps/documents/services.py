"""Issuing trade documents and keeping their first rendering."""

from django.db import transaction
from django.utils import timezone

from apps.orders.lock_objects import lock_order
from apps.orders.models import Order

from .errors import DocumentNotAvailable
from .lock_objects import lock_sequence
from .models import SERIES, DocumentKind, TradeDocument
from .rendering import render_document
from .rules import can_issue


@transaction.atomic
def issue_document(*, order: Order, kind: str) -> TradeDocument:
    """The order's document of ``kind``: the one issued before, or a new one with the next
    number of its series in the current year.

    Gap-free: the order row, then the series' counter row are locked, and the counter moves in
    the same transaction that inserts the document, so a failed issue rolls both back; a number
    is never given twice (unique constraint) nor reused (documents are never deleted). Issuing
    again for the same order and kind (a double click, two workers) returns the first document.
    Raises ``DocumentNotAvailable`` when the order's status is not one the kind is made for
    (a proforma for an unpaid order, an invoice or packing list for a shipped one).
    """
    kind = DocumentKind(kind)
    locked = lock_order(order.pk)
    existing = TradeDocument.objects.filter(order=locked, kind=kind).first()
    if existing is not None:
        return existing
    if not can_issue(order=locked, kind=kind):
        raise DocumentNotAvailable(kind=kind, status=locked.status)
    now = timezone.now()
    year = timezone.localdate(now).year
    series = SERIES[kind]
    sequence = lock_sequence(series=series, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return TradeDocument.objects.create(
        order=locked,
        kind=kind,
        series=series,
        year=year,
        sequence_number=sequence.last_number,
        number=f"{series}-{year}-{sequence.last_number:06d}",
        language=locked.language,
        issued_at=now,
    )


def document_pdf(*, document: TradeDocument) -> bytes:
    """The document as PDF: its first rendering, made and kept now if there is none yet.

    Rendered outside any lock (it takes a fraction of a second); when two requests render the
    same document at once, the first one kept is what both return."""
    if document.pdf is not None:
        return bytes(document.pdf)
    content = render_document(document=document)
    kept = TradeDocument.objects.filter(pk=document.pk, pdf__isnull=True).update(pdf=content)
    if not kept:
        stored = TradeDocument.objects.values_list("pdf", flat=True).get(pk=document.pk)
        content = bytes(stored or b"")
    document.pdf = content
    return content


def issue_and_render(*, order: Order, kind: str) -> tuple[TradeDocument, bytes]:
    """Issue (or find) the document and return it with its PDF."""
    document = issue_document(order=order, kind=kind)
    return document, document_pdf(document=document)
