from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.Model):
    """A level of the programme (Member, Silver, Gold, Platinum) with how to reach and keep it
    and what it gives. Qualification looks at the last 12 months."""

    class Qualification(models.TextChoices):
        ANY = "any", _("Any one threshold")
        ALL = "all", _("Every threshold set")

    name = models.CharField(_("name"), max_length=60)
    rank = models.PositiveIntegerField(
        _("rank"), unique=True, help_text=_("Higher ranks are better tiers.")
    )
    badge_colour = models.CharField(_("badge colour"), max_length=7, default="#64748b")
    qualifying_spend = models.DecimalField(
        _("qualifying spend (base currency, 12 months)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    qualifying_orders = models.PositiveIntegerField(_("orders (12 months)"), null=True, blank=True)
    qualifying_points = models.PositiveIntegerField(
        _("points earned (12 months)"), null=True, blank=True
    )
    qualification = models.CharField(
        _("qualify by"), max_length=3, choices=Qualification.choices, default=Qualification.ANY
    )
    retention_spend = models.DecimalField(
        _("spend to keep the tier (base currency, 12 months)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the qualifying thresholds apply."),
    )
    grace_days = models.PositiveIntegerField(_("grace period (days)"), default=30)
    discount_percent = models.DecimalField(
        _("member price discount (%)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    points_multiplier = models.DecimalField(
        _("points multiplier"), max_digits=4, decimal_places=2, default=Decimal(1)
    )
    redemption_points_per_unit = models.PositiveIntegerField(
        _("points per unit of base currency when redeeming"),
        null=True,
        blank=True,
        help_text=_("Empty: the programme's rate."),
    )
    priority_service = models.BooleanField(_("priority service"), default=False)
    account_manager = models.BooleanField(_("dedicated account manager"), default=False)
    early_access = models.BooleanField(_("early access to new products"), default=False)

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ("rank",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discount_percent__gte=0, discount_percent__lt=90),
                name="tier_discount_in_range",
                violation_error_message=_("A member discount is at least 0 and below 90 percent."),
            ),
            models.CheckConstraint(
                condition=models.Q(points_multiplier__gt=0),
                name="tier_multiplier_positive",
                violation_error_message=_("The points multiplier must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TierStatus(models.Model):
    """A member's current tier, and until when a missed retention is forgiven.

    A tier set by hand (``services.set_tier_by_hand``) holds until the next re-evaluation, or,
    with ``pinned_until``, until that moment: re-evaluations before it leave the tier alone
    (an upgrade the member earns still applies)."""

    member = models.OneToOneField(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="tier_status",
        verbose_name=_("member"),
    )
    tier = models.ForeignKey(
        Tier, on_delete=models.PROTECT, related_name="+", verbose_name=_("tier")
    )
    since = models.DateTimeField(_("since"))
    grace_until = models.DateTimeField(_("grace period ends"), null=True, blank=True)
    set_by_hand = models.BooleanField(_("set by hand"), default=False)
    pinned_until = models.DateTimeField(
        _("kept until"),
        null=True,
        blank=True,
        help_text=_("A tier set by hand is kept until then; empty: until the next re-evaluation."),
    )

    class Meta:
        verbose_name = _("member tier")
        verbose_name_plural = _("member tiers")

    def __str__(self) -> str:
        return f"{self.member}: {self.tier}"


class TierChange(models.Model):
    """Every tier change: from, to, why, when."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="tier_changes",
        verbose_name=_("member"),
    )
    from_tier = models.ForeignKey(
        Tier, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("previous tier")
    )
    to_tier = models.ForeignKey(
        Tier, on_delete=models.PROTECT, related_name="+", verbose_name=_("new tier")
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("The staff member who set the tier by hand; empty: the programme's rules."),
    )

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ("-created_at", "-id")
        indexes = [
            # Each member's changes latest first: the tier a member held at a moment (the
            # daily rollups, the dashboard's tier distribution).
            models.Index(fields=["member", "-created_at", "-id"], name="tier_change_history"),
        ]

    def __str__(self) -> str:
        return f"{self.from_tier} → {self.to_tier}"


class ShippingBenefitKind(models.TextChoices):
    FREE = "free", _("Free shipping")
    PERCENT = "percent", _("Percentage off the freight")
    AMOUNT = "amount", _("Amount off the freight")


class TierShippingBenefit(models.Model):
    """Free or subsidised shipping for a tier: on one shipping method or on every one, as a
    percentage of the freight or a fixed amount in one currency. A fixed amount in the base
    currency also serves the currencies without one of their own (converted). When several
    rows apply to an order, the largest benefit applies (they do not add up)."""

    tier = models.ForeignKey(
        Tier, on_delete=models.CASCADE, related_name="shipping_benefits", verbose_name=_("tier")
    )
    shipping_method = models.ForeignKey(
        "orders.ShippingMethod",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shipping method"),
        help_text=_("Empty: every shipping method."),
    )
    kind = models.CharField(_("benefit"), max_length=10, choices=ShippingBenefitKind.choices)
    percent = models.DecimalField(
        _("percentage off"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount off"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency of the amount"),
        max_length=3,
        blank=True,
        choices=[(code, code) for code in settings.CURRENCIES],
    )

    class Meta:
        verbose_name = _("shipping benefit")
        verbose_name_plural = _("shipping benefits")
        ordering = ("tier", "shipping_method", "currency", "id")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="free", percent__isnull=True, amount__isnull=True, currency="")
                    | models.Q(
                        kind="percent",
                        percent__gt=0,
                        percent__lt=100,
                        amount__isnull=True,
                        currency="",
                    )
                    | (
                        models.Q(kind="amount", percent__isnull=True, amount__gt=0)
                        & ~models.Q(currency="")
                    )
                ),
                name="tier_shipping_benefit_fields_match_kind",
            ),
            models.UniqueConstraint(
                fields=["tier", "shipping_method", "kind", "currency"],
                nulls_distinct=False,
                name="tier_shipping_benefit_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tier}: {self.get_kind_display()}"

    def clean(self) -> None:
        """Keep only the fields the kind uses; say which one is missing."""
        if self.kind != ShippingBenefitKind.PERCENT:
            self.percent = None
        if self.kind != ShippingBenefitKind.AMOUNT:
            self.amount, self.currency = None, ""
        errors = {}
        if self.kind == ShippingBenefitKind.PERCENT and not (
            self.percent is not None and 0 < self.percent < 100
        ):
            errors["percent"] = _("Enter a percentage above 0 and below 100 (100%: free).")
        if self.kind == ShippingBenefitKind.AMOUNT:
            if self.amount is None or self.amount <= 0:
                errors["amount"] = _("Enter the amount taken off the freight.")
            if not self.currency:
                errors["currency"] = _("Choose the currency of the amount.")
        if errors:
            raise ValidationError(errors)
        if self.tier_id and self._same_benefit_exists():
            raise ValidationError(_("This tier already has this benefit for this shipping method."))

    def identity(self) -> tuple:
        """What must be unique per tier (the database's constraint)."""
        return (self.shipping_method_id, self.kind, self.currency)

    def _same_benefit_exists(self) -> bool:
        # The admin edits benefits inline, where Django leaves the tier out of its own check.
        method, kind, currency = self.identity()
        same = TierShippingBenefit.objects.filter(
            tier_id=self.tier_id, shipping_method_id=method, kind=kind, currency=currency
        )
        return same.exclude(pk=self.pk).exists()
