"""What orders ask the apps above them (``apps.core.extensions``): they never import them."""

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Protocol

from apps.core.extensions import ExtensionPoint


class ShippingOffer(Protocol):
    """What a shipping benefit hook answers (``orders.benefits.ShippingBenefit``)."""

    @property
    def amount(self) -> Decimal: ...
    @property
    def label(self) -> str: ...


shipping_benefit: ExtensionPoint[Callable[..., ShippingOffer | None]] = ExtensionPoint(
    "orders.shipping_benefit",
    "hook(member=, method=, currency=, freight=, rate=) -> orders.benefits.ShippingBenefit or "
    "None: what a member's membership takes off the freight; the largest answer applies, they "
    "do not add up. Registered by tiers.",
)

priority_service: ExtensionPoint[Callable[[object], bool]] = ExtensionPoint(
    "orders.priority_service",
    "Whether a member's orders get priority service; any yes grants it. Registered by tiers.",
)

order_email_sent: ExtensionPoint[Callable[..., object]] = ExtensionPoint(
    "orders.order_email_sent",
    "Called as hook(order=, kind=) inside the transaction that sends an order e-mail "
    "(notifications keeps it as an inbox item of the buyer).",
)


class Attachment(Protocol):
    """A file attached to an order e-mail (``documents.hooks`` answers with these)."""

    @property
    def filename(self) -> str: ...
    @property
    def content(self) -> bytes: ...
    @property
    def mimetype(self) -> str: ...


email_attachments: ExtensionPoint[Callable[..., Sequence[Attachment]]] = ExtensionPoint(
    "orders.email_attachments",
    "hook(order=, kind=) -> files to attach to the order e-mail of that kind, in the buyer's "
    "language; all answers are attached. Called before the sending transaction (documents "
    "issued for it are committed even if the mail server fails; a retry finds them). Registered by "
    "documents (the proforma with the confirmation, the commercial invoice and packing list "
    "with the shipping notice).",
)


class DocumentLink(Protocol):
    """A document of an order that can be downloaded: its label and address."""

    @property
    def label(self) -> str: ...
    @property
    def url(self) -> str: ...


document_links: ExtensionPoint[Callable[..., Sequence[DocumentLink]]] = ExtensionPoint(
    "orders.document_links",
    "hook(order=, for_staff=, user=None) -> the order's documents to download (in the admin "
    "for staff, ``user`` the staff member: only what they may download; in the member center "
    "for the buyer); all answers are listed. Registered by documents.",
)

payment_refund: ExtensionPoint[Callable[..., str]] = ExtensionPoint(
    "orders.payment_refund",
    "hook(refund=) -> the provider's reference: gives a prepared refund back through the "
    "order's payment provider, raising when the provider refuses. One hook, registered by "
    "payments.",
    single=True,
)
