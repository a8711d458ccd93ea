from decimal import Decimal

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
    free_shipping = models.BooleanField(_("free shipping"), default=False)
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
    """A member's current tier, and until when a missed retention is forgiven."""

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

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.from_tier} → {self.to_tier}"
