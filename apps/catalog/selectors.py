"""Reads of the catalogue for the storefront.

Every function here runs a fixed number of queries whatever the number of products: prices and
images are prefetched, categories are read once.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db.models import (
    Case,
    Expression,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.lookups import Contains
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from djmoney.money import Money
from modeltranslation.utils import build_localized_fieldname

from . import search
from .access import released
from .models import Category, Product, ProductImage, ProductPrice, ProductSpecification
from .pricing import PriceBreak, PricingContext, lowest_unit_price, price_ladder


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
    """Products matching ``query``, best matches first (``search.py`` says how each language is
    searched). A product matches in the active language or in English, the language every
    product has: by its search document, by the query's stems inside its name (compounds), by
    its category (and the categories under it) or by its exact SKU. A product whose name or
    category holds the query comes before one that only mentions it in its description."""
    language = get_language() or settings.LANGUAGE_CODE
    matches = Q(sku__in={query, query.upper()})  # the SKU's unique index
    named = Q(pk__in=[])  # matched by its name's words or its category, not its description
    rank: Expression | None = None
    for code in dict.fromkeys([language, settings.LANGUAGE_CODE]):
        words = search.query_for(code, query)
        matches |= Q(**{search.document_field(code): words})
        stems = search.stems(code, query)
        if stems and all(len(stem) >= search.SHORTEST_INFIX for stem in stems):
            in_name = reduce(and_, (Q(search.name_contains(code, stem)) for stem in stems))
            matches |= in_name
            named |= in_name
        found = SearchRank(F(search.document_field(code)), words)
        rank = found if rank is None else rank + found
    categories = _categories_matching(query, language)
    if categories:
        matches |= Q(category_id__in=categories)
        named |= Q(category_id__in=categories)
    return (
        products.annotate(rank=rank, named=Case(When(named, then=Value(1)), default=Value(0)))
        .filter(matches)
        .order_by(F("named").desc(), F("rank").desc(nulls_last=True), "id")
    )


def _categories_matching(query: str, language: str) -> set[int]:
    """Categories whose name in ``language`` (or English) holds the query or its stems, with
    every category under them ("Pumpen" finds the pumps of "Pumpen")."""
    found = Q()
    for code in dict.fromkeys([language, settings.LANGUAGE_CODE]):
        name = search.SearchText(build_localized_fieldname("name", code))
        words = search.stems(code, query) or [query.lower()]
        found |= reduce(and_, (Q(Contains(name, word)) for word in words))
    matched = set(Category.objects.filter(found).values_list("pk", flat=True))
    if not matched:
        return set()
    parents: dict[int, int | None] = dict(Category.objects.values_list("pk", "parent_id"))
    return {pk for pk in parents if _under(pk, matched, parents)}


def _under(pk: int | None, ancestors: set[int], parents: dict[int, int | None]) -> bool:
    seen = set()
    while pk is not None and pk not in seen:
        if pk in ancestors:
            return True
        seen.add(pk)
        pk = parents.get(pk)
    return False


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
    """``product`` (as ``find_product_by_slug`` returns it) with its prices, images and
    technical specifications."""
    specifications = Prefetch(
        "specifications",
        queryset=ProductSpecification.objects.select_related("specification"),
    )
    prefetch_related_objects(
        [product], *_price_and_image_prefetches(context.currency), specifications
    )
    alternates = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            alternates[code] = reverse("catalog:product", kwargs={"slug": product.slug})
    return ProductDetail(
        product=product, ladder=price_ladder(product, context), alternates=alternates
    )
