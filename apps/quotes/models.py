"""Requests for quotation, their lines, the staff's answers (revisions) and attachments.

A quote moves: requested -> quoted (a revision) -> accepted (one order) or declined; the buyer
may ask for a revision of a quoted one (revision requested -> quoted again). A quoted quote past
its revision's validity is expired: it cannot be accepted (``is_expired``).
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from djmoney.money import Money

from apps.core.system_notes import shown
from apps.orders.models import AMOUNT, CURRENCY_CHOICES, Incoterm


class QuoteStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    QUOTED = "quoted", _("Quoted")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (QuoteStatus.REQUESTED, QuoteStatus.QUOTED, QuoteStatus.REVISION_REQUESTED)
# Waiting for the merchant's answer (the staff's queue).
AWAITING_STAFF = (QuoteStatus.REQUESTED, QuoteStatus.REVISION_REQUESTED)


class QuoteSource(models.TextChoices):
    CART = "cart", _("Cart")
    PRODUCT = "product", _("Product page")
    FORM = "form", _("Blank form")
    API = "api", _("API")


def new_quote_number() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "Q" + "".join(secrets.choice(alphabet) for _i in range(9))


class Quote(models.Model):
    """A buyer's request for quotation and where it stands; amounts are in ``currency``."""

    number = models.CharField(_("number"), max_length=20, unique=True, default=new_quote_number)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("member"),
    )
    # The buyer's company when they asked: its members see the quote.
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("company"),
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuoteStatus.choices,
        default=QuoteStatus.REQUESTED,
        db_index=True,
    )
    source = models.CharField(
        _("requested from"), max_length=10, choices=QuoteSource.choices, default=QuoteSource.FORM
    )
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices)
    destination_country = CountryField(_("destination country"))
    destination_port = models.CharField(_("destination port or place"), max_length=100, blank=True)
    required_by = models.DateField(_("required by"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    revision_count = models.PositiveIntegerField(_("revisions"), default=0)
    order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quote",
        verbose_name=_("order"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    # Since when it waits for whoever acts next (staff: requested or revision asked; buyer).
    waiting_since = models.DateTimeField(_("waiting since"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ("-requested_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(order__isnull=False),
                name="quote_accepted_has_order",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def latest_revision(self) -> "QuoteRevision | None":
        return self.revisions.order_by("-number").first()

    def is_expired(self, revision: "QuoteRevision | None" = None) -> bool:
        revision = revision or self.latest_revision
        return (
            self.status == QuoteStatus.QUOTED
            and revision is not None
            and revision.valid_until < timezone.localdate()
        )


class QuoteLine(models.Model):
    """A product (or a described item staff match to a product) and the quantity asked for."""

    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="lines", verbose_name=_("quote")
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    target_unit_price = models.DecimalField(_("target unit price"), **AMOUNT, null=True, blank=True)

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="quote_line_qty_gte_1"
            ),
            models.CheckConstraint(
                condition=models.Q(product__isnull=False) | ~models.Q(description=""),
                name="quote_line_product_or_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product or self.description}"


class QuoteRevision(models.Model):
    """One answer of the merchant: the prices, freight and terms, kept as they were sent."""

    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("quote")
    )
    number = models.PositiveIntegerField(_("revision"))
    freight_amount = models.DecimalField(_("freight"), **AMOUNT, default=0)
    insurance_amount = models.DecimalField(_("insurance"), **AMOUNT, default=0)
    subtotal_amount = models.DecimalField(_("merchandise subtotal"), **AMOUNT)
    total_amount = models.DecimalField(_("total"), **AMOUNT)
    valid_until = models.DateField(_("valid until"))
    terms = models.TextField(_("terms"), max_length=4000, blank=True)
    note = models.TextField(_("note to the buyer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_by_label = models.CharField(_("by"), max_length=100)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quote revision")
        verbose_name_plural = _("revisions")
        ordering = ("quote", "number")
        constraints = [
            models.UniqueConstraint(fields=["quote", "number"], name="quote_revision_unique"),
            models.CheckConstraint(
                condition=models.Q(
                    freight_amount__gte=0,
                    insurance_amount__gte=0,
                    subtotal_amount__gte=0,
                    total_amount__gte=0,
                ),
                name="quote_revision_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id} #{self.number}"

    def money(self, amount: Decimal) -> Money:
        return Money(amount, self.quote.currency)

    @property
    def total(self) -> Money:
        return self.money(self.total_amount)


class QuoteRevisionLine(models.Model):
    """A line's price in one revision."""

    revision = models.ForeignKey(
        QuoteRevision, on_delete=models.CASCADE, related_name="lines", verbose_name=_("revision")
    )
    line = models.ForeignKey(
        QuoteLine, on_delete=models.CASCADE, related_name="+", verbose_name=_("quote line")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    list_unit_price = models.DecimalField(_("list unit price"), **AMOUNT)
    unit_price = models.DecimalField(_("unit price"), **AMOUNT)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=0)

    class Meta:
        verbose_name = _("quoted line")
        verbose_name_plural = _("quoted lines")
        ordering = ("line_id",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0, list_unit_price__gte=0, quantity__gte=1),
                name="quote_revision_line_amounts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class QuoteActivity(models.Model):
    """The quote's timeline: who did what, when (with the buyer's or staff's words)."""

    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="activities", verbose_name=_("quote")
    )
    status = models.CharField(_("status"), max_length=20, choices=QuoteStatus.choices)
    actor_label = models.CharField(_("by"), max_length=150)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quote activity")
        verbose_name_plural = _("history")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.quote_id}: {self.status}"

    @property
    def actor_shown(self) -> str:
        """Who acted, in the reader's language when the system wrote it ("account closed",
        kept as source text: ``apps.core.system_notes``); a buyer's or staff's name as is."""
        return shown(self.actor_label)


class AttachmentKind(models.TextChoices):
    PDF = "application/pdf", "PDF"
    DWG = "image/vnd.dwg", "DWG"
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"


class QuoteAttachment(models.Model):
    """A drawing or photo the buyer attached; kept in the database (never under a public URL),
    served only through ``views.attachment`` to the buyer's company and staff."""

    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("quote")
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=40, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.BinaryField(_("content"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.filename
