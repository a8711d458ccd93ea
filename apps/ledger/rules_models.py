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
    EVENT = "event", _("Custom event (from the API)")


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
    event_name = models.SlugField(
        _("event name"),
        max_length=64,
        blank=True,
        help_text=_("Custom events: the event's name, e.g. trade_fair_visit."),
    )
    event_conditions = models.JSONField(
        _("event conditions"),
        default=list,
        blank=True,
        help_text=_(
            "Custom events: conditions on the properties, all must hold, e.g. "
            '[{"property": "booth", "op": "eq", "value": "A1"}]; op is one of eq, ne, gt, '
            "gte, lt, lte."
        ),
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
        if self.kind == RuleKind.EVENT and not self.event_name:
            raise ValidationError({"event_name": _("Name the custom event this rule rewards.")})
        if not valid_conditions(self.event_conditions):
            raise ValidationError(
                {
                    "event_conditions": _(
                        "Give a list of conditions, each with a property, an op "
                        "(eq, ne, gt, gte, lt, lte) and a value (text, number or true/false)."
                    )
                }
            )


CONDITION_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")


def valid_conditions(conditions: object) -> bool:
    """Whether ``conditions`` is a list of {"property", "op", "value"} with a known op and a
    scalar value (comparisons other than eq/ne take a number)."""
    if not isinstance(conditions, list):
        return False
    for condition in conditions:
        if not isinstance(condition, dict) or set(condition) != {"property", "op", "value"}:
            return False
        prop, op, value = condition["property"], condition["op"], condition["value"]
        if not isinstance(prop, str) or not prop or op not in CONDITION_OPS:
            return False
        if not isinstance(value, str | int | float | bool):
            return False
        if op not in ("eq", "ne") and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            return False
    return True


def conditions_hold(conditions: list[dict[str, object]], properties: dict[str, object]) -> bool:
    """Whether every condition holds for an event's ``properties`` (a missing property, or a
    comparison with a value that is not a number, fails)."""
    for condition in conditions:
        op, expected = condition["op"], condition["value"]
        prop = str(condition["property"])
        if prop not in properties:
            return False
        actual = properties[prop]
        if op == "eq":
            if actual != expected or isinstance(actual, bool) != isinstance(expected, bool):
                return False
            continue
        if op == "ne":
            if actual == expected and isinstance(actual, bool) == isinstance(expected, bool):
                return False
            continue
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        number = float(expected)  # type: ignore[arg-type]  # valid_conditions: a number
        if not {
            "gt": actual > number,
            "gte": actual >= number,
            "lt": actual < number,
            "lte": actual <= number,
        }[str(op)]:
            return False
    return True
