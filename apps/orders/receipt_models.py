"""Bank transfer receipts and the merchant's tolerance for bank fees (``receipts.py``)."""

from typing import TypedDict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AmountColumn(TypedDict):
    """The options every amount column shares (typed so that ``**AMOUNT`` type-checks)."""

    max_digits: int
    decimal_places: int


AMOUNT: AmountColumn = {"max_digits": 16, "decimal_places": 2}


class BankTransferReceipt(models.Model):
    """Money that arrived by bank transfer for an order, as staff recorded it (a deposit, the
    balance, a transfer short of the bank's fees). Never changed or deleted (a DB trigger)."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="receipts", verbose_name=_("order")
    )
    amount = models.DecimalField(_("amount"), **AMOUNT)
    # Orders on terms may also be paid in part by card or PayPal (``payments.settle``).
    method = models.CharField(
        _("paid by"),
        max_length=20,
        choices=[
            ("bank_transfer", _("Bank transfer")),
            ("stripe", _("Card (Stripe)")),
            ("paypal", _("PayPal")),
        ],
        default="bank_transfer",
    )
    reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_label = models.CharField(_("by"), max_length=100)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # The form's token (or an API Idempotency-Key): the same key records one receipt.
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=100, editable=False, blank=True
    )

    class Meta:
        verbose_name = _("bank transfer receipt")
        verbose_name_plural = _("bank transfer receipts")
        ordering = ("recorded_at", "id")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="receipt_positive"),
            models.UniqueConstraint(
                fields=["order", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="receipt_once_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.amount} {self.order.currency}"


class BankTransferSettings(models.Model):
    """How much short of the total a bank transfer may arrive and still pay the order: banks
    between buyer and merchant take fees. Percent of the total, capped by an amount in the base
    currency; either alone applies as it is; neither: the full total is needed."""

    fee_tolerance_percent = models.DecimalField(
        _("bank fee tolerance (percent of the order total)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    fee_tolerance_maximum = models.DecimalField(
        _("bank fee tolerance at most (base currency)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("bank transfer settings")
        verbose_name_plural = _("bank transfer settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fee_tolerance_percent__gte=0, fee_tolerance_percent__lt=100)
                | models.Q(fee_tolerance_percent__isnull=True),
                name="bank_fee_tolerance_percent_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_tolerance_maximum__gte=0)
                | models.Q(fee_tolerance_maximum__isnull=True),
                name="bank_fee_tolerance_maximum_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Bank transfer settings"))

    @classmethod
    def current(cls) -> "BankTransferSettings":
        """The one row (the admin allows no second); created empty (no tolerance) if missing."""
        settings_row = cls.objects.order_by("pk").first()
        if settings_row is None:
            settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row
