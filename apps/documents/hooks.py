"""What documents plug into the apps below (``apps.core.extensions``), loaded at start-up:
attachments of the order e-mails and the download links of the order pages."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from apps.orders.extensions import document_links, email_attachments
from apps.orders.models import Order

from .errors import DocumentNotAvailable
from .models import DocumentKind, TradeDocument
from .rules import issue_permission
from .selectors import downloadable_kinds
from .services import issue_and_render

# Which documents go with which order e-mail (``apps.orders.emails`` kinds).
ATTACHED_TO = {
    "placed": (DocumentKind.PROFORMA,),
    "shipped": (DocumentKind.COMMERCIAL_INVOICE, DocumentKind.PACKING_LIST),
}


@dataclass(frozen=True)
class PdfAttachment:
    filename: str
    content: bytes
    mimetype: str = "application/pdf"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def order_email_documents(*, order: Order, kind: str) -> list[PdfAttachment]:
    """The documents for the e-mail, issued now if need be (committed: the e-mail's retry finds
    them). A document the order's status does not allow any more (a proforma for an order paid
    before its confirmation went) is left out."""
    attachments = []
    for document_kind in ATTACHED_TO.get(kind, ()):
        try:
            document, content = issue_and_render(order=order, kind=document_kind)
        except DocumentNotAvailable:
            continue
        attachments.append(PdfAttachment(filename=document.filename, content=content))
    return attachments


def order_document_links(*, order: Order, for_staff: bool, user: Any = None) -> list[Link]:
    """The links to the order's documents; for staff (``user``), those issued already and
    those the staff member may issue (``rules.issue_permission``)."""
    if for_staff:
        issued = set(TradeDocument.objects.filter(order=order).values_list("kind", flat=True))
        return [
            Link(str(kind.label), reverse("admin:documents_download", args=[order.pk, kind.value]))
            for kind in downloadable_kinds(order, issued)
            if kind in issued or user is None or user.has_perm(issue_permission(kind))
        ]
    return [
        Link(
            str(kind.label),
            reverse("documents:member_download", args=[order.number, kind.value]),
        )
        for kind in downloadable_kinds(order)
    ]


email_attachments.register(order_email_documents)
document_links.register(order_document_links)
