"""Reads of the catalogue for the storefront.

Every function here runs a fixed number of queries whatever the number of products: prices and
images are prefetched, categories are read once.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from djmoney.money import Money
from modeltranslation.utils import build_localized_fieldname

from .access import released
from .models import Category, Product, ProductImage, ProductPrice
from .pricing import PriceBreak, PricingContext, lowest_unit_price, price_ladder

# Postgres text-search configurations by language; the others tokenise on whitespace only,
# so substring matching complements them (Chinese and Japanese have no spaces).
SEARCH_CONFIGURATIONS = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "ru": "russian",
}


@dataclass(frozen=True)
class ProductCard:
    product: Product
    price: Money | None  # lowest unit price; None when no rate is set for the currency

    @property
    def image(self) -> ProductImage | None:
        images = self.product.images.all()
        return images[0] if images else None


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    ladder: list[PriceBreak]
    alternates: dict[str, str]  # language code -> path of this product in that language


def active_products(*, early_access: bool = False) -> QuerySet[Product]:
    """Products on sale to the shopper: released ones, and with early access also those
    before their public date (``access.py``)."""
    products = Product.objects.filter(is_active=True)
    return products if early_access else products.filter(released())


def _price_and_image_prefetches(currency: str) -> tuple[Prefetch, Prefetch]:
    currencies = {settings.BASE_CURRENCY, currency}
    return (
        Prefetch("prices", queryset=ProductPrice.objects.filter(price_currency__in=currencies)),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
    )


def with_prices_and_images(products: QuerySet[Product], currency: str) -> QuerySet[Product]:
    return products.select_related("category").prefetch_related(
        *_price_and_image_prefetches(currency)
    )


def products_by_id(ids: list[int], context: PricingContext) -> list[Product]:
    """Products with these ids, in this order, with prices and images: three queries."""
    found = with_prices_and_images(Product.objects.filter(pk__in=ids), context.currency)
    by_id = {product.pk: product for product in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def product_cards(products, context: PricingContext) -> list[ProductCard]:
    return [
        ProductCard(product=product, price=lowest_unit_price(product, context))
        for product in products
    ]


def featured_products(*, context: PricingContext, limit: int) -> list[ProductCard]:
    """Newest active products first, priced for the shopper."""
    products = with_prices_and_images(
        active_products(early_access=context.early_access), context.currency
    )
    return product_cards(products.order_by("-is_new", "-created_at", "id")[:limit], context)


def category_tree() -> list[Category]:
    """All categories in display order, each with ``depth`` set, read in one query."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[Category] = []

    def visit(parent_id, depth):
        for category in children.get(parent_id, []):
            category.depth = depth
            ordered.append(category)
            visit(category.pk, depth + 1)

    visit(None, 0)
    return ordered


def descendant_ids(category: Category, tree: list[Category]) -> set[int]:
    ids = {category.pk}
    changed = True
    while changed:
        found = {node.pk for node in tree if node.parent_id in ids} - ids
        ids |= found
        changed = bool(found)
    return ids


def search_products(products: QuerySet[Product], query: str) -> QuerySet[Product]:
    """Products matching ``query`` in the active language, best matches first."""
    language = get_language() or settings.LANGUAGE_CODE
    configuration = SEARCH_CONFIGURATIONS.get(language.split("-")[0], "simple")
    name_field = build_localized_fieldname("name", language)
    vector = SearchVector(name_field, weight="A", config=configuration) + SearchVector(
        build_localized_fieldname("description", language), weight="B", config=configuration
    )
    search = SearchQuery(query, config=configuration, search_type="websearch")
    matches = (
        Q(search_document=search) | Q(**{f"{name_field}__icontains": query}) | Q(sku__iexact=query)
    )
    return (
        products.annotate(search_document=vector, rank=SearchRank(vector, search))
        .filter(matches)
        .order_by(F("rank").desc(nulls_last=True), "id")
    )


def find_product_by_slug(slug: str, *, early_access: bool = False) -> Product | None:
    """The product on sale to the shopper (``active_products``) whose slug is ``slug``: in the
    active language, else in any."""
    products = active_products(early_access=early_access).select_related("category")
    products = products.order_by("pk")
    language = get_language() or settings.LANGUAGE_CODE
    found = products.filter(**{build_localized_fieldname("slug", language): slug}).first()
    if found is not None:
        return found
    matches = Q()
    for code, _name in settings.LANGUAGES:
        matches |= Q(**{build_localized_fieldname("slug", code): slug})
    return products.filter(matches).first()


def product_detail(product: Product, context: PricingContext) -> ProductDetail:
    """``product`` (as ``find_product_by_slug`` returns it) with its prices and images."""
    prefetch_related_objects([product], *_price_and_image_prefetches(context.currency))
    alternates = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            alternates[code] = reverse("catalog:product", kwargs={"slug": product.slug})
    return ProductDetail(
        product=product, ladder=price_ladder(product, context), alternates=alternates
    )
