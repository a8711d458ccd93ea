"""Earning rules the merchant configures (imported into ``models``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.members.models import RfmSegment


class RuleKind(models.TextChoices):
    PURCHASE_RATE = "purchase", _("Purchase rate (points per unit of base currency)")
    CATEGORY_RATE = "category", _("Category rate")
    PRODUCT_RATE = "product", _("Product rate")
    CAMPAIGN = "campaign", _("Campaign multiplier")
    LARGE_ORDER = "large_order", _("Large-order bonus")
    SIGN_UP = "sign_up", _("Sign-up bonus")
    PROFILE = "profile", _("Complete profile bonus")
    REVIEW = "review", _("Product review")
    REFERRAL = "referral", _("Referral")
    CHECK_IN = "check_in", _("Daily check-in")
    BIRTHDAY = "birthday", _("Birthday")


class CapPeriod(models.TextChoices):
    DAY = "day", _("per day")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")
    EVER = "ever", _("in total")


class EarningRule(models.Model):
    """One way to earn points. How rules combine is in ``apps/ledger/rules.py``."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=RuleKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    priority = models.IntegerField(
        _("priority"), default=0, help_text=_("Higher wins when rules of one kind compete.")
    )
    rate = models.DecimalField(
        _("points per unit of base currency"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Purchase, category and product rates."),
    )
    multiplier = models.DecimalField(
        _("multiplier"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Campaigns, e.g. 2 for double."),
    )
    points = models.PositiveIntegerField(
        _("points"), null=True, blank=True, help_text=_("Fixed bonuses.")
    )
    minimum_order = models.DecimalField(
        _("minimum order (base currency)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Large-order bonus threshold."),
    )
    category = models.ForeignKey(
        "catalog.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    new_products_only = models.BooleanField(_("new products only"), default=False)
    countries = CountryField(
        _("countries"), multiple=True, blank=True, help_text=_("Empty: everywhere.")
    )
    customer_types = models.JSONField(
        _("customer types"), default=list, blank=True, help_text=_("Empty: every customer type.")
    )
    member_segments = models.JSONField(
        _("RFM segments"),
        default=list,
        blank=True,
        help_text=_("Empty: every member. Members are scored every night."),
    )
    tiers = models.ManyToManyField(
        "tiers.Tier",
        blank=True,
        related_name="+",
        verbose_name=_("tiers"),
        help_text=_("Empty: every tier."),
    )
    cap_points = models.PositiveIntegerField(_("cap (points)"), null=True, blank=True)
    cap_period = models.CharField(
        _("cap period"), max_length=5, choices=CapPeriod.choices, default=CapPeriod.MONTH
    )

    class Meta:
        verbose_name = _("earning rule")
        verbose_name_plural = _("earning rules")
        ordering = ("kind", "-priority", "id")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        known = set(RfmSegment.values)
        if not isinstance(self.member_segments, list) or not set(self.member_segments) <= known:
            raise ValidationError({"member_segments": _("Choose among the RFM segments.")})
