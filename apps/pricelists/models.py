"""Price lists: a buyer's own prices (#20, docs/pricelists.md).

A price list holds fixed prices per product, each with optional volume breaks (one row per
minimum quantity), or takes a percent off the catalogue; it applies within its validity window
while active, to the companies and the customer types and/or countries it is assigned to. When
several apply, ``selectors.applicable_price_list`` chooses one (the priority rule). The
catalogue's pricing (``catalog.pricing``) then charges the lowest of list and member price.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.catalog.models import Product
from apps.companies.models import Company
from apps.members.models import CustomerType


class PriceListKind(models.TextChoices):
    FIXED = "fixed", _("Fixed prices")
    PERCENT = "percent", _("Percent off the catalogue")


class PriceList(models.Model):
    name = models.CharField(_("name"), max_length=120)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=[(code, code) for code in settings.CURRENCIES],
        default=settings.BASE_CURRENCY,
        help_text=_(
            "The currency of the fixed prices; shoppers paying in another currency get them "
            "converted at your exchange rate."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=PriceListKind.choices, default=PriceListKind.FIXED
    )
    percent_off = models.DecimalField(
        _("percent off"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("99.99"))],
        help_text=_("For a percent-off list: taken off every catalogue price."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=0,
        help_text=_(
            "When several lists of the same kind of assignment apply to a buyer, the highest "
            "priority wins."
        ),
    )
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        ordering = ("-priority", "name", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=PriceListKind.FIXED, percent_off__isnull=True)
                | Q(kind=PriceListKind.PERCENT, percent_off__gt=0, percent_off__lt=100),
                name="pricelists_percent_matches_kind",
                violation_error_message=_(
                    "A percent-off list needs a percent between 0 and 100; a fixed-price list "
                    "takes none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gt=models.F("valid_from")),
                name="pricelists_window_in_order",
                violation_error_message=_("“Valid until” must be after “valid from”."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PriceListItem(models.Model):
    """A product's price in the list from a quantity on: the row from quantity 1 is the price,
    further rows are its volume breaks. In the list's currency."""

    price_list = models.ForeignKey(
        PriceList, on_delete=models.CASCADE, related_name="items", verbose_name=_("price list")
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="price_list_items",
        verbose_name=_("product"),
    )
    min_quantity = models.PositiveIntegerField(
        _("from quantity"), default=1, validators=[MinValueValidator(1)]
    )
    price = models.DecimalField(
        _("unit price"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        ordering = ("price_list", "product", "min_quantity")
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product", "min_quantity"],
                name="pricelists_one_price_per_quantity",
                violation_error_message=_(
                    "This product already has a price from this quantity in the list."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_quantity__gte=1) & Q(price__gte=0),
                name="pricelists_item_in_range",
                violation_error_message=_(
                    "The quantity must be at least 1 and the price not negative."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} ≥ {self.min_quantity}"


class PriceListAssignment(models.Model):
    """Whom a list applies to: one company, or every buyer of a customer type and/or country
    (members without a company by their own, company buyers by their company's)."""

    price_list = models.ForeignKey(
        PriceList,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("price list"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="price_list_assignments",
        verbose_name=_("company"),
    )
    customer_type = models.CharField(
        _("customer type"), max_length=20, choices=CustomerType.choices, blank=True
    )
    country = CountryField(_("country"), blank=True)

    class Meta:
        verbose_name = _("price list assignment")
        verbose_name_plural = _("price list assignments")
        indexes = [
            models.Index(fields=["customer_type", "country"], name="pricelists_by_type_country")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(company__isnull=False) & Q(customer_type="") & Q(country=""))
                | (Q(company__isnull=True) & (~Q(customer_type="") | ~Q(country=""))),
                name="pricelists_assignment_target",
                violation_error_message=_(
                    "Assign the list either to a company, or to a customer type and/or a country."
                ),
            ),
            models.UniqueConstraint(
                fields=["price_list", "company"],
                condition=Q(company__isnull=False),
                name="pricelists_one_assignment_per_company",
                violation_error_message=_("The list is already assigned to this company."),
            ),
        ]

    def __str__(self) -> str:
        if self.company_id:
            return str(self.company)
        country = self.country.name if self.country else ""  # type: ignore[attr-defined]
        return " · ".join(str(part) for part in (self.get_customer_type_display(), country) if part)
