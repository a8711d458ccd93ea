"""Reads of carts: lines priced for the shopper, in a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from djmoney.money import Money

from apps.catalog.models import ProductImage, ProductPrice
from apps.catalog.pricing import PriceBreak, PricingContext, unit_price

from .models import Cart, CartLine


@dataclass(frozen=True)
class PricedLine:
    line: CartLine
    price: PriceBreak | None

    @property
    def product(self):
        return self.line.product

    @property
    def known_price(self) -> PriceBreak:
        """The price of a line of a summary that ``can_price`` (a quote's lines)."""
        if self.price is None:
            raise ValueError(f"cart line {self.line.pk} has no price")
        return self.price

    @property
    def total(self) -> Money | None:
        return None if self.price is None else self.price.unit_price * self.line.quantity


@dataclass(frozen=True)
class CartSummary:
    cart: Cart | None
    currency: str
    lines: list[PricedLine] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def can_price(self) -> bool:
        return all(line.price is not None for line in self.lines)

    @property
    def subtotal(self) -> Money:
        amounts = [line.total.amount for line in self.lines if line.total is not None]
        return Money(sum(amounts, Decimal(0)), self.currency)

    @property
    def item_count(self) -> int:
        return sum(line.line.quantity for line in self.lines)


def cart_summary(cart: Cart | None, context: PricingContext) -> CartSummary:
    if cart is None:
        return CartSummary(cart=None, currency=context.currency)
    currencies = {settings.BASE_CURRENCY, context.currency}
    lines = (
        CartLine.objects.filter(cart=cart)
        .select_related("product", "product__category")
        .prefetch_related(
            Prefetch(
                "product__prices",
                queryset=ProductPrice.objects.filter(price_currency__in=currencies),
            ),
            Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "id")),
        )
    )
    priced = [
        PricedLine(line=line, price=unit_price(line.product, line.quantity, context))
        for line in lines
    ]
    return CartSummary(cart=cart, currency=context.currency, lines=priced)


def cart_item_count(cart_id: int | None) -> int:
    if cart_id is None:
        return 0
    return CartLine.objects.filter(cart_id=cart_id).count()
