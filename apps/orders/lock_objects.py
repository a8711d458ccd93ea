"""Row locks for orders, always taken in the same order: order, then products by id."""

from collections.abc import Iterable

from apps.catalog.models import Product

from .models import Order


def lock_order(order_id: int) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)


def lock_products(product_ids: Iterable[int]) -> dict[int, Product]:
    products = Product.objects.select_for_update().filter(pk__in=set(product_ids)).order_by("pk")
    return {product.pk: product for product in products}
