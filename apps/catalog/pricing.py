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
5. A buyer's price list (``catalog.price_list`` extension point, ``BuyerPriceList``: fixed
   prices with their own volume breaks, or a percent off) gives a second price at every
   quantity; the lowest of the list price and the member price wins, and never more than the
   catalogue price. A list in another currency is converted at the merchant's rate; without a
   rate it does not apply. Each rung says which price it is (``PriceBreak.label``).

All functions read ``product.prices.all()``, so callers prefetch ``prices`` (see
``catalog.selectors``) to keep the number of queries independent of the number of products.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.currencies.errors import UnsupportedCurrency
from apps.currencies.selectors import exchange_rate, round_to_minor_unit

from .access import has_early_access
from .caching import released_count
from .extensions import member_discount, member_price_name, price_list, shopper
from .models import Product


def member_discount_rate(member) -> Decimal:
    """The largest discount fraction the ``catalog.member_discount`` hooks grant (at most 0.9)."""
    if member is None:
        return Decimal(0)
    rates = [Decimal(hook(member)) for hook in member_discount.hooks()]
    best = max(rates, default=Decimal(0))
    return min(max(best, Decimal(0)), Decimal("0.9"))


def member_price_label(member) -> str:
    """ "Gold price": what the ``catalog.member_price_name`` hooks call the member's price."""
    if member is None:
        return ""
    for hook in member_price_name.hooks():
        name = hook(member)
        if name:
            return _("%(name)s price") % {"name": name}
    return _("Member price")


@dataclass(frozen=True)
class BuyerPriceList:
    """The price list that applies to a shopper, as the ``catalog.price_list`` hook answers it
    (the catalogue knows no company: it gets the list's prices, not where they come from)."""

    key: str  # names the list in cache keys: two lists never share a key
    label: str  # shown next to a price from this list, in the active language
    currency: str  # of ``prices``
    percent_off: Decimal = Decimal(0)  # a percent-off list: taken off every catalogue rung
    # A fixed-price list: product id -> ((minimum quantity, unit price), ...), in ``currency``.
    prices: Mapping[int, tuple[tuple[int, Decimal], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PricingContext:
    """Everything a price depends on besides the product: computed once per request."""

    currency: str
    rate: Decimal | None  # one unit of the base currency in ``currency``; None when not set
    member_discount: Decimal = Decimal(0)
    early_access: bool = False  # sees and buys products before their public date (access.py)
    member_price_label: str = ""  # "Gold price": shown where the member discount wins
    price_list: BuyerPriceList | None = None
    price_list_rate: Decimal | None = None  # one unit of the list's currency in ``currency``

    @property
    def can_price(self) -> bool:
        return self.rate is not None

    def fragment_variant(self) -> tuple:
        """What a rendered catalogue fragment with prices depends on besides the catalogue
        itself: ``catalogue_variant`` and the shopper's prices (member discount and its label,
        price list) (part of every such cache key)."""
        return (*self.catalogue_variant(), *self.prices_variant())

    def catalogue_variant(self) -> tuple:
        """What a price-free catalogue fragment depends on: the active language, the currency
        and which products the shopper may see (early access, or how many public dates have
        passed). Every shopper with these shares it, whatever their prices."""
        visible = "early-access" if self.early_access else released_count()
        return (get_language(), self.currency, visible)

    def prices_variant(self) -> tuple:
        """What the prices shown to the shopper depend on besides the catalogue and currency."""
        labelled = self.member_price_label if self.member_discount else ""
        listed = self.price_list.key if self.price_list else ""
        return (str(self.member_discount), labelled, listed)


def pricing_context(*, currency: str, member=None) -> PricingContext:
    if currency not in settings.CURRENCIES:
        raise UnsupportedCurrency()
    discount = member_discount_rate(member)
    buyer_list, list_rate = _price_list_of(member, currency)
    return PricingContext(
        currency=currency,
        rate=exchange_rate(settings.BASE_CURRENCY, currency),
        member_discount=discount,
        early_access=has_early_access(member),
        member_price_label=member_price_label(member) if discount else "",
        price_list=buyer_list,
        price_list_rate=list_rate,
    )


def _price_list_of(member, currency: str) -> tuple[BuyerPriceList | None, Decimal | None]:
    """The member's price list and its rate to ``currency``; (None, None) when no list applies
    or its currency cannot be converted."""
    if member is None:
        return None, None
    for hook in price_list.hooks():
        found = hook(member, currency=currency)
        if isinstance(found, BuyerPriceList):
            rate = exchange_rate(found.currency, currency)
            return (found, rate) if rate is not None else (None, None)
    return None, None


@dataclass(frozen=True)
class PriceBreak:
    min_quantity: int
    max_quantity: int | None  # None: and above
    list_price: Money  # the catalogue's price
    unit_price: Money  # what the shopper pays: the lowest of catalogue, member and list price
    label: str = ""  # which price ``unit_price`` is: "Your company price", "Gold price", ""

    @property
    def discounted(self) -> bool:
        return self.unit_price != self.list_price


@dataclass(frozen=True)
class CataloguePrices:
    """What a product's prices depend on besides the shopper: its catalogue ladder in one
    currency, from its minimum order quantity. The same for every shopper of that currency, so
    it is cached with the shopper-free part of a page (``views.py``) and priced for each
    shopper there by ``ladder_for``: a new price list costs a computation, not a rendering."""

    product_id: int
    minimum_order_quantity: int
    rungs: tuple[tuple[int, Decimal], ...]  # (from quantity, unit price), in the currency


def catalogue_prices(product: Product, context: PricingContext) -> CataloguePrices:
    minimum = product.minimum_order_quantity
    rungs = _from_minimum_order_quantity(_rungs_in_currency(product, context), minimum)
    return CataloguePrices(
        product_id=product.pk, minimum_order_quantity=minimum, rungs=tuple(rungs)
    )


def price_ladder(product: Product, context: PricingContext) -> list[PriceBreak]:
    """The product's unit prices by quantity in the context's currency; empty if unpriceable."""
    return ladder_for(catalogue_prices(product, context), context)


def ladder_for(prices: CataloguePrices, context: PricingContext) -> list[PriceBreak]:
    """``price_ladder`` from the product's catalogue prices (no query: a fixed list's prices
    come with the context)."""
    minimum = prices.minimum_order_quantity
    rungs = list(prices.rungs)
    if not rungs:
        return []
    listed = _from_minimum_order_quantity(_list_rungs(prices.product_id, rungs, context), minimum)
    quantities = sorted({quantity for quantity, _a in rungs + listed if quantity >= rungs[0][0]})
    currency = context.currency
    steps: list[tuple[int, Decimal, Decimal, str]] = []
    for quantity in quantities:
        catalogue = _at(rungs, quantity)
        assert catalogue is not None  # noqa: S101 - quantities start at the first rung
        amount, label = catalogue, ""
        if context.member_discount:
            amount = round_to_minor_unit(catalogue * (1 - context.member_discount), currency)
            label = context.member_price_label
        list_amount = _at(listed, quantity)
        if list_amount is not None and list_amount < amount and context.price_list:
            amount, label = list_amount, context.price_list.label
        if steps and steps[-1][1:] == (catalogue, amount, label):
            continue  # the same prices as the rung below: no new row
        steps.append((quantity, catalogue, amount, label))
    ladder = []
    for index, (quantity, catalogue, amount, label) in enumerate(steps):
        following = steps[index + 1][0] - 1 if index + 1 < len(steps) else None
        ladder.append(
            PriceBreak(
                min_quantity=quantity,
                max_quantity=following,
                list_price=Money(catalogue, currency),
                unit_price=Money(amount, currency),
                label=label if amount != catalogue else "",
            )
        )
    return ladder


def _at(rungs: list[tuple[int, Decimal]], quantity: int) -> Decimal | None:
    """The amount of the last rung from ``quantity`` down (None: below the first)."""
    found = None
    for minimum, amount in rungs:
        if minimum <= quantity:
            found = amount
    return found


def _list_rungs(
    product_id: int, catalogue: list[tuple[int, Decimal]], context: PricingContext
) -> list[tuple[int, Decimal]]:
    """The price list's rungs for the product in the context's currency (empty: none)."""
    terms, currency = context.price_list, context.currency
    if terms is None or context.price_list_rate is None:
        return []
    if terms.percent_off:
        off = 1 - terms.percent_off / 100
        return [(q, round_to_minor_unit(amount * off, currency)) for q, amount in catalogue]
    rate = context.price_list_rate
    return [
        (quantity, round_to_minor_unit(amount * rate, currency))
        for quantity, amount in terms.prices.get(product_id, ())
    ]


def unit_price(product: Product, quantity: int, context: PricingContext) -> PriceBreak | None:
    """The rung that applies to ``quantity`` (None when the product cannot be priced)."""
    applicable = None
    for rung in price_ladder(product, context):
        if rung.min_quantity <= max(quantity, product.minimum_order_quantity):
            applicable = rung
    return applicable


def lowest_unit_price(product: Product, context: PricingContext) -> Money | None:
    return lowest_price_for(catalogue_prices(product, context), context)


def lowest_price_for(prices: CataloguePrices, context: PricingContext) -> Money | None:
    """The lowest unit price the shopper pays for the product at any quantity ("from ...")."""
    return min((rung.unit_price for rung in ladder_for(prices, context)), default=None)


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
