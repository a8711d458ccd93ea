from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from djmoney.models.fields import MoneyField

from .search import document_field, language_codes, search_document, search_indexes


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
    unit = models.CharField(
        _("unit"),
        max_length=30,
        default="pcs",
        help_text=_(
            "A standard unit in English (pcs, set, pair, kg, t, m, box, carton, roll) is shown in "
            "each buyer's language with the right plural; any other unit is shown as typed in "
            "each language."
        ),
    )
    minimum_order_quantity = models.PositiveIntegerField(
        _("minimum order quantity"), default=1, validators=[MinValueValidator(1)]
    )
    pack_size = models.PositiveIntegerField(
        _("pack size"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Sold in packs of this many units: quantities ordered are multiples of it."),
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
    # What the trade documents (commercial invoice, packing list) say about each line.
    country_of_origin = CountryField(
        _("country of origin"),
        blank=True,
        help_text=_("Where the product was made, as customs declare it."),
    )
    net_weight_kg = models.DecimalField(
        _("net weight (kg)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Of one unit, without packing."),
    )
    gross_weight_kg = models.DecimalField(
        _("gross weight (kg)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Of one unit, packed for shipping."),
    )
    units_per_package = models.PositiveIntegerField(
        _("units per package"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many units travel in one package (carton, crate, pallet)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ("name", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0),
                name="catalog_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_order_quantity__gte=1),
                name="catalog_moq_positive",
                violation_error_message=_("The minimum order quantity is at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(pack_size__gte=1),
                name="catalog_pack_size_positive",
                violation_error_message=_("The pack size is at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(units_per_package__gte=1),
                name="catalog_units_per_package_positive",
                violation_error_message=_("A package holds at least 1 unit."),
            ),
            models.CheckConstraint(
                condition=models.Q(gross_weight_kg__gte=models.F("net_weight_kg"))
                | models.Q(gross_weight_kg__isnull=True)
                | models.Q(net_weight_kg__isnull=True),
                name="catalog_gross_weight_not_below_net",
                violation_error_message=_("The gross weight cannot be less than the net weight."),
            ),
        ]
        indexes = [models.Index(fields=["is_active", "category"]), *search_indexes()]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    def get_absolute_url(self) -> str:
        # modeltranslation returns the slug of the active language (English as fallback).
        return reverse("catalog:product", kwargs={"slug": self.slug})


# One search document per language, kept by the database (see ``search.py``).
for _code in language_codes():
    Product.add_to_class(
        document_field(_code),
        models.GeneratedField(
            expression=search_document(_code),
            output_field=SearchVectorField(),
            db_persist=True,
            editable=False,
            verbose_name=_("search document"),
        ),
    )


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
                violation_error_message=_(
                    "This product already has a price from this quantity in this currency."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(price__gt=0),
                name="catalog_break_price_positive",
                violation_error_message=_("A price must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_quantity__gte=1),
                name="catalog_break_quantity_positive",
                violation_error_message=_("A price break starts at a quantity of at least 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} ≥{self.min_quantity}: {self.price}"


class ProductImage(models.Model):
    """A picture of a product. ``catalog.images.make_renditions`` writes smaller copies (WebP)
    for responsive pages and records the original's size and the widths it wrote."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/")
    alt_text = models.CharField(_("description for screen readers"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    width = models.PositiveIntegerField(_("width (pixels)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(
        _("height (pixels)"), null=True, blank=True, editable=False
    )
    rendition_widths = ArrayField(
        models.PositiveIntegerField(),
        verbose_name=_("sizes for small screens (pixels wide)"),
        default=list,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.alt_text or str(self.image.name)

    def rendition_url(self, width: int) -> str:
        return self.image.storage.url(rendition_name(str(self.image.name), width))

    @property
    def srcset(self) -> str:
        """``srcset`` of an ``<img>``: every rendition with its width."""
        return ", ".join(f"{self.rendition_url(width)} {width}w" for width in self.rendition_widths)

    @property
    def src(self) -> str:
        """The fallback source: a mid-sized rendition (the original until there are any)."""
        if not self.rendition_widths:
            return self.image.url
        fitting = [width for width in self.rendition_widths if width <= DEFAULT_RENDITION_WIDTH]
        return self.rendition_url(max(fitting) if fitting else min(self.rendition_widths))

    @property
    def largest_url(self) -> str:
        if not self.rendition_widths:
            return self.image.url
        return self.rendition_url(max(self.rendition_widths))


# Widths (pixels) of the renditions written for each product image, and the one shown to
# browsers that do not read srcset.
RENDITION_WIDTHS = (320, 640, 960, 1280)
DEFAULT_RENDITION_WIDTH = 640


def rendition_name(original: str, width: int) -> str:
    """Where the ``width`` pixels wide copy of the image stored as ``original`` is kept."""
    stem = original.rsplit(".", 1)[0]
    return f"{stem}.{width}w.webp"


class Specification(models.Model):
    """A kind of technical fact shown on product pages: material, pressure rating, power, ..."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.name


class ProductSpecification(models.Model):
    """A product's value for one specification, e.g. "Stainless steel 1.4408" for material."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="specifications",
        verbose_name=_("product"),
    )
    specification = models.ForeignKey(
        Specification,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("specification"),
    )
    value = models.CharField(_("value"), max_length=200)

    class Meta:
        verbose_name = _("technical specification")
        verbose_name_plural = _("technical specifications")
        ordering = ("specification__position", "specification_id")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "specification"],
                name="catalog_one_value_per_specification",
                violation_error_message=_("This product already has a value for it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.specification}: {self.value}"
