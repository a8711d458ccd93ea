import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from apps.orders.models import AMOUNT, PaymentMethod


class PaymentStatus(models.TextChoices):
    STARTED = "started", _("Started")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    # The provider took the money for an order that no longer waited for it (already paid by
    # another payment, or cancelled): flagged, and refunded (settings.PAYMENTS_REFUND_DUPLICATES).
    DUPLICATE = "duplicate", _("Paid twice")


class Payment(models.Model):
    """One attempt to pay an order with a provider (a Stripe Checkout Session, a PayPal payment)."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="payments", verbose_name=_("order")
    )
    provider = models.CharField(_("provider"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("provider reference"), max_length=120, blank=True)
    provider_payment_id = models.CharField(_("provider payment id"), max_length=120, blank=True)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.STARTED
    )
    idempotency_key = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("idempotency key")
    )
    refund_reference = models.CharField(_("refund reference"), max_length=120, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"],
                condition=~models.Q(reference=""),
                name="payment_reference_unique_per_provider",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.reference or self.pk}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def is_duplicate(self) -> bool:
        """Taken for an order that no longer waited for it (see ``PaymentStatus.DUPLICATE``)."""
        return self.status == PaymentStatus.DUPLICATE


class WebhookEvent(models.Model):
    """A provider's webhook event, stored once: the unique id makes re-deliveries harmless."""

    provider = models.CharField(_("provider"), max_length=20, choices=PaymentMethod.choices)
    event_id = models.CharField(_("event id"), max_length=120)
    event_type = models.CharField(_("event type"), max_length=120)
    payload = models.JSONField(_("payload"))
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ("-received_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="webhook_event_once_per_provider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id}"


class ProviderRefundKind(models.TextChoices):
    REFUND = "refund", _("Refund at the provider")
    DISPUTE = "dispute", _("Dispute (chargeback)")
    REVERSAL = "reversal", _("Reversal")


class ProviderRefundStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the payment")
    APPLIED = "applied", _("Applied to the order")
    OURS = "ours", _("Sent from this shop")
    NOT_APPLIED = "not_applied", _("Not applied")


class DisputeOutcome(models.TextChoices):
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    WARNING_CLOSED = "warning_closed", _("Inquiry closed")


class ProviderRefund(models.Model):
    """Money the provider gave back (a refund made in its dashboard, a dispute, a reversal),
    stored once per provider reference and applied to the order once, as a refund.

    Kept ``waiting`` while its payment is not known as settled (the refund's webhook came
    first); settling that payment applies it.
    """

    provider = models.CharField(_("provider"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("provider reference"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=ProviderRefundKind.choices)
    provider_payment_id = models.CharField(_("provider payment id"), max_length=120)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProviderRefundStatus.choices,
        default=ProviderRefundStatus.WAITING,
    )
    dispute_outcome = models.CharField(
        _("dispute outcome"), max_length=20, choices=DisputeOutcome.choices, blank=True
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider_refunds",
        verbose_name=_("order"),
    )
    refund = models.OneToOneField(
        "orders.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider_refund",
        verbose_name=_("refund"),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("refund or dispute at the provider")
        verbose_name_plural = _("refunds and disputes at the provider")
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"], name="provider_refund_once_per_provider"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="provider_refund_positive"
            ),
        ]
        indexes = [models.Index(fields=["provider_payment_id"], name="provider_refund_payment")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)
