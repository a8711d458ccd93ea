"""What a product costs a shopper: price ladders per currency, volume breaks, member discounts.

Rules, in order:

1. The base ladder is ``Product.price`` from quantity 1 plus the product's volume breaks in the
   base currency (``ProductPrice`` rows in that currency).
2. In another currency, explicit ``ProductPrice`` rows in that currency replace the ladder from
   their first quantity upwards; below it (or when there are none) the base ladder is converted
   at the merchant's exchange rate. Every amount is rounded to the currency's minor unit.
3. Quantities below the minimum order quantity are never sold: the ladder starts at the MOQ.
4. A member discount (a fraction the loyalty programme supplies through
   the ``catalog.member_discount`` extension point) is taken off every rung, rounded again.

All functions read ``product.prices.all()``, so callers prefetch ``prices`` (see
``catalog.selectors``) to keep the number of queries independent of the number of products.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.utils.translation import get_language
from djmoney.money import Money

from apps.currencies.errors import UnsupportedCurrency
from apps.currencies.selectors import exchange_rate, round_to_minor_unit

from .access import has_early_access
from .caching import released_count
from .extensions import member_discount, shopper
from .models import Product


def member_discount_rate(member) -> Decimal:
    """The largest discount fraction the ``catalog.member_discount`` hooks grant (at most 0.9)."""
    if member is None:
        return Decimal(0)
    rates = [Decimal(hook(member)) for hook in member_discount.hooks()]
    best = max(rates, default=Decimal(0))
    return min(max(best, Decimal(0)), Decimal("0.9"))


@dataclass(frozen=True)
class PricingContext:
    """Everything a price depends on besides the product: computed once per request."""

    currency: str
    rate: Decimal | None  # one unit of the base currency in ``currency``; None when not set
    member_discount: Decimal = Decimal(0)
    early_access: bool = False  # sees and buys products before their public date (access.py)

    @property
    def can_price(self) -> bool:
        return self.rate is not None

    def fragment_variant(self) -> tuple:
        """What a rendered catalogue fragment depends on besides the catalogue itself: the
        active language, the currency, the member discount and which products the shopper may
        see (early access, or how many public dates have passed) (part of every cache key)."""
        visible = "early-access" if self.early_access else released_count()
        return (get_language(), self.currency, str(self.member_discount), visible)


def pricing_context(*, currency: str, member=None) -> PricingContext:
    if currency not in settings.CURRENCIES:
        raise UnsupportedCurrency()
    return PricingContext(
        currency=currency,
        rate=exchange_rate(settings.BASE_CURRENCY, currency),
        member_discount=member_discount_rate(member),
        early_access=has_early_access(member),
    )


@dataclass(frozen=True)
class PriceBreak:
    min_quantity: int
    max_quantity: int | None  # None: and above
    list_price: Money
    unit_price: Money  # after the member discount

    @property
    def discounted(self) -> bool:
        return self.unit_price != self.list_price


def price_ladder(product: Product, context: PricingContext) -> list[PriceBreak]:
    """The product's unit prices by quantity in the context's currency; empty if unpriceable."""
    rungs = _rungs_in_currency(product, context)
    rungs = _from_minimum_order_quantity(rungs, product.minimum_order_quantity)
    currency = context.currency
    ladder = []
    for index, (quantity, amount) in enumerate(rungs):
        following = rungs[index + 1][0] - 1 if index + 1 < len(rungs) else None
        discounted = round_to_minor_unit(amount * (1 - context.member_discount), currency)
        ladder.append(
            PriceBreak(
                min_quantity=quantity,
                max_quantity=following,
                list_price=Money(amount, currency),
                unit_price=Money(discounted, currency),
            )
        )
    return ladder


def unit_price(product: Product, quantity: int, context: PricingContext) -> PriceBreak | None:
    """The rung that applies to ``quantity`` (None when the product cannot be priced)."""
    applicable = None
    for rung in price_ladder(product, context):
        if rung.min_quantity <= max(quantity, product.minimum_order_quantity):
            applicable = rung
    return applicable


def lowest_unit_price(product: Product, context: PricingContext) -> Money | None:
    ladder = price_ladder(product, context)
    return min((rung.unit_price for rung in ladder), default=None)


def _rungs_in_currency(product: Product, context: PricingContext) -> list[tuple[int, Decimal]]:
    base = settings.BASE_CURRENCY
    currency = context.currency
    # djmoney's MoneyField is typed as its DecimalField base: the value is a Money, and the
    # currency column it adds (``price_currency``) is unknown to the type checker.
    base_rungs = {1: cast(Money, product.price).amount}
    explicit: dict[int, Decimal] = {}
    for row in product.prices.all():
        row_currency = row.price_currency  # type: ignore[attr-defined]
        if row_currency == base:
            base_rungs[row.min_quantity] = cast(Money, row.price).amount
        if row_currency == currency and currency != base:
            explicit[row.min_quantity] = cast(Money, row.price).amount
    rungs: dict[int, Decimal] = {}
    if currency == base:
        rungs = dict(base_rungs)
    elif context.rate is not None:
        first_explicit = min(explicit, default=None)
        for quantity, amount in base_rungs.items():
            if first_explicit is None or quantity < first_explicit:
                rungs[quantity] = round_to_minor_unit(amount * context.rate, currency)
    rungs.update(explicit)
    return sorted((quantity, round_to_minor_unit(a, currency)) for quantity, a in rungs.items())


def _from_minimum_order_quantity(
    rungs: list[tuple[int, Decimal]], minimum: int
) -> list[tuple[int, Decimal]]:
    below = [rung for rung in rungs if rung[0] <= minimum]
    above = [rung for rung in rungs if rung[0] > minimum]
    if not below:
        return above
    return [(minimum, below[-1][1]), *above]


def request_pricing(request) -> PricingContext:
    """The pricing context of a storefront request: its currency and the signed-in member."""
    context = getattr(request, "_pricing_context", None)
    if context is None:
        member = shopper.only()(request.user)
        context = pricing_context(currency=request.currency, member=member)
        request._pricing_context = context
    return context
