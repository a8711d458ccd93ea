"""Reads of the catalogue for the storefront."""

from dataclasses import dataclass

from djmoney.money import Money

from apps.core.errors import MissingExchangeRate
from apps.core.selectors import convert

from .models import Product


@dataclass(frozen=True)
class ProductCard:
    product: Product
    price: Money | None  # None when no rate is set for the shopper's currency


def featured_products(*, currency: str, limit: int) -> list[ProductCard]:
    """Newest active products first, priced in ``currency``; two queries whatever the limit."""
    products = (
        Product.objects.filter(is_active=True)
        .select_related("category")
        .order_by("-is_new", "-created_at")[:limit]
    )
    return [
        ProductCard(product=product, price=_price_in(product, currency)) for product in products
    ]


def _price_in(product: Product, currency: str) -> Money | None:
    try:
        return convert(product.price, currency)
    except MissingExchangeRate:
        return None
