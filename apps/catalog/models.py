from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


class Category(models.Model):
    """A node of the catalogue tree. Name, slug and description are translated."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", kwargs={"slug": self.slug})


class Product(models.Model):
    """Something the merchant sells. Text is translated; the base price is in the base currency."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True)
    unit = models.CharField(_("unit"), max_length=30, default="pcs")
    minimum_order_quantity = models.PositiveIntegerField(
        _("minimum order quantity"), default=1, validators=[MinValueValidator(1)]
    )
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=14)
    price = MoneyField(
        _("base price"),
        max_digits=14,
        decimal_places=2,
        default_currency=settings.BASE_CURRENCY,
        currency_choices=[(settings.BASE_CURRENCY, settings.BASE_CURRENCY)],
    )
    stock_quantity = models.PositiveIntegerField(
        _("stock"),
        null=True,
        blank=True,
        help_text=_("Units available to order. Leave empty for made-to-order products."),
    )
    is_new = models.BooleanField(_("new"), default=False)
    public_from = models.DateTimeField(
        _("public from"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Early access: until this moment only members whose tier has early access see and "
            "buy the product; from then on, everyone. Empty: public now."
        ),
    )
    is_custom_made = models.BooleanField(_("custom-made"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("name", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="catalog_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_order_quantity__gte=1), name="catalog_moq_positive"
            ),
        ]
        indexes = [models.Index(fields=["is_active", "category"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    def get_absolute_url(self) -> str:
        # modeltranslation returns the slug of the active language (English as fallback).
        return reverse("catalog:product", kwargs={"slug": self.slug})


class ProductPrice(models.Model):
    """A unit price from a quantity upwards, in one currency.

    Rows in the base currency are volume breaks on top of ``Product.price``; rows in another
    currency make that currency's price ladder explicit instead of converted.
    """

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="prices", verbose_name=_("product")
    )
    min_quantity = models.PositiveIntegerField(
        _("from quantity"), default=1, validators=[MinValueValidator(1)]
    )
    price = MoneyField(
        _("unit price"),
        max_digits=14,
        decimal_places=2,
        default_currency=settings.BASE_CURRENCY,
        currency_choices=[(code, code) for code in settings.CURRENCIES],
    )

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices and volume breaks")
        ordering = ("price_currency", "min_quantity")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "price_currency", "min_quantity"],
                name="catalog_one_price_per_break",
            ),
            models.CheckConstraint(
                condition=models.Q(price__gt=0), name="catalog_break_price_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(min_quantity__gte=1), name="catalog_break_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} ≥{self.min_quantity}: {self.price}"


class ProductImage(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/")
    alt_text = models.CharField(_("description for screen readers"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.alt_text or self.image.name
