"""The paid club beside the tiers (docs/memberships.md): plans bought by subscription through
Stripe Billing, their invoices, and the reminders sent after a failed payment."""

from datetime import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from apps.orders.models import AMOUNT


class Interval(models.TextChoices):
    MONTH = "month", _("Monthly")
    YEAR = "year", _("Yearly")


class Plan(models.Model):
    """A club plan and what it gives while paid (the benefits apply only while the
    subscription is paid, or in its grace period after a failed payment)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    points_multiplier = models.DecimalField(
        _("points multiplier"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        help_text=_("Purchase points are multiplied by this while the membership is paid."),
    )
    discount_percent = models.DecimalField(
        _("member discount (%)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    free_shipping = models.BooleanField(_("free shipping"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    stripe_product_id = models.CharField(_("Stripe product id"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("membership plan")
        verbose_name_plural = _("membership plans")
        ordering = ("position", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points_multiplier__gte=1),
                name="membership_plan_multiplier_at_least_one",
                violation_error_message=_("The points multiplier must be at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(discount_percent__gte=0, discount_percent__lte=90),
                name="membership_plan_discount_range",
                violation_error_message=_("The member discount must be between 0 and 90 per cent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanPrice(models.Model):
    """What a plan costs per month or per year in one currency, and its Stripe Price."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="prices", verbose_name=_("plan")
    )
    interval = models.CharField(_("billed"), max_length=5, choices=Interval.choices)
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("price"), **AMOUNT)
    stripe_price_id = models.CharField(_("Stripe price id"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("plan price")
        verbose_name_plural = _("plan prices")
        ordering = ("plan", "interval", "currency")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "interval", "currency"],
                name="membership_price_once_per_interval_currency",
                violation_error_message=_(
                    "This plan already has a price for this interval and currency."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="membership_price_positive",
                violation_error_message=_("The price must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.money} / {self.get_interval_display()}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def monthly_amount(self) -> Decimal:
        """The price per month (a yearly price spread over 12 months), for MRR."""
        return self.amount if self.interval == Interval.MONTH else self.amount / 12


class BillingCustomer(models.Model):
    """The member as a Stripe customer (made once, when they first subscribe)."""

    member = models.OneToOneField(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="billing_customer",
        verbose_name=_("member"),
    )
    stripe_customer_id = models.CharField(_("Stripe customer id"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("billing customer")
        verbose_name_plural = _("billing customers")

    def __str__(self) -> str:
        return self.stripe_customer_id


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Payment failed")
    ENDED = "ended", _("Ended")


class Subscription(models.Model):
    """A member's subscription to a plan, mirrored from Stripe's webhooks.

    ``benefits_until`` is when the benefits stop unless Stripe says more: the paid period's end
    (plus a little leeway for the renewal's invoice while it renews), or the grace period's end
    after a failed payment, or the moment it ended. Every change recomputes it.
    """

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("member"),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("plan")
    )
    price = models.ForeignKey(
        PlanPrice, on_delete=models.PROTECT, related_name="subscriptions", verbose_name=_("price")
    )
    stripe_subscription_id = models.CharField(
        _("Stripe subscription id"), max_length=120, unique=True
    )
    stripe_customer_id = models.CharField(_("Stripe customer id"), max_length=120)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.ACTIVE,
    )
    # What Stripe says the current period is (the next charge's date)...
    current_period_end = models.DateTimeField(_("current period ends"), null=True, blank=True)
    # ...and how far a paid invoice (or the paid first checkout) covers.
    paid_until = models.DateTimeField(_("paid until"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(_("cancels at the period's end"), default=False)
    grace_until = models.DateTimeField(_("grace period until"), null=True, blank=True)
    benefits_until = models.DateTimeField(_("benefits until"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # The ``created`` time of the last subscription event applied: an older one arriving late
    # changes nothing.
    stripe_updated_at = models.DateTimeField(_("last Stripe update"), null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("membership subscription")
        verbose_name_plural = _("membership subscriptions")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["member", "benefits_until"], name="membership_benefits")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.stripe_subscription_id}"

    def gives_benefits(self, now: datetime) -> bool:
        return self.benefits_until is not None and self.benefits_until > now


class InvoiceStatus(models.TextChoices):
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")


class MembershipInvoice(models.Model):
    """One of the subscription's invoices at Stripe, as its webhooks told us."""

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="invoices",
        verbose_name=_("subscription"),
    )
    stripe_invoice_id = models.CharField(_("Stripe invoice id"), max_length=120, unique=True)
    number = models.CharField(_("number"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InvoiceStatus.choices)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    hosted_invoice_url = models.URLField(_("invoice page"), max_length=500, blank=True)
    attempt_count = models.PositiveSmallIntegerField(_("payment attempts"), default=0)
    failed_at = models.DateTimeField(_("first failed at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership invoice")
        verbose_name_plural = _("membership invoices")
        ordering = ("-period_start", "-id")

    def __str__(self) -> str:
        return self.number or self.stripe_invoice_id

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class PaymentReminder(models.Model):
    """A reminder e-mail after a failed payment: one row per invoice and reminder, written in
    the transaction that sends it, so each is sent once."""

    invoice = models.ForeignKey(
        MembershipInvoice,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("invoice"),
    )
    sequence = models.PositiveSmallIntegerField(_("reminder"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "sequence"], name="membership_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.invoice} #{self.sequence}"
