"""Trade documents issued for an order: proforma invoice, commercial invoice, packing list.

A document's number comes from a gap-free sequence per series and year (``NumberSequence``, a
counter row locked in the transaction that issues the document): a number is given once, in
the same transaction as its document, so a rolled-back issue gives nothing away and no number is
ever reused. The first rendering of a document is kept (``pdf``): a document once sent reads the
same every time it is downloaded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PROFORMA = "proforma", _("Proforma invoice")
    COMMERCIAL_INVOICE = "commercial_invoice", _("Commercial invoice")
    PACKING_LIST = "packing_list", _("Packing list")


# The prefix of each kind's numbers; each series counts from 1 every calendar year.
SERIES = {
    DocumentKind.PROFORMA: "PF",
    DocumentKind.COMMERCIAL_INVOICE: "INV",
    DocumentKind.PACKING_LIST: "PL",
}


class NumberSequence(models.Model):
    """The last number given in one series and year; locked while a number is taken."""

    series = models.CharField(_("series"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="documents_one_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_number}"


class TradeDocument(models.Model):
    """A document issued for an order, once per kind, with its number for good."""

    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        related_name="trade_documents",
        verbose_name=_("order"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    series = models.CharField(_("series"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence_number = models.PositiveIntegerField(_("number in the year"))
    number = models.CharField(_("number"), max_length=30, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued at"))
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)

    class Meta:
        verbose_name = _("trade document")
        verbose_name_plural = _("trade documents")
        ordering = ("-issued_at", "-id")
        # Issuing a document staff have not issued yet (``views.staff_download``), by kind:
        # finance the invoices, fulfilment the packing list (``accounts.roles``).
        permissions = [
            ("issue_proforma", _("Can issue proforma invoices")),
            ("issue_commercial_invoice", _("Can issue commercial invoices")),
            ("issue_packing_list", _("Can issue packing lists")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="documents_one_per_kind"),
            models.UniqueConstraint(
                fields=["series", "year", "sequence_number"], name="documents_number_once"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"
