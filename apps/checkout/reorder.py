"""Re-order: a past order's lines into the cart at today's prices, with a note of what changed.

The cart holds no prices (it is priced when shown), so the order's lines go in as products and
quantities through ``add_to_cart``; the notes compare the price paid then with today's.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.catalog.pricing import PricingContext, unit_price
from apps.catalog.units import quantity_text
from apps.core import formatting
from apps.core.errors import ApplicationError
from apps.orders.models import Order, OrderLine

from .models import Cart
from .services import add_to_cart


@dataclass(frozen=True)
class ReorderNote:
    """What changed for one line: ``kind`` is ``price``, ``quantity``, ``not_sold`` or
    ``refused`` (the cart's own message: stock, early access)."""

    sku: str
    kind: str
    message: str


@dataclass
class ReorderResult:
    added: int = 0
    notes: list[ReorderNote] = field(default_factory=list)


def orderable_quantity(quantity: int, *, minimum: int, pack_size: int) -> int:
    """``quantity`` raised to the minimum order quantity, then up to a multiple of the pack
    size."""
    quantity = max(quantity, minimum)
    return -(-quantity // pack_size) * pack_size


def reorder(*, cart: Cart, order: Order, context: PricingContext) -> ReorderResult:
    """Add ``order``'s lines to ``cart``: quantities adjusted to today's minimum and pack size,
    products no longer sold left out, each line added or refused on its own. Returns how many
    lines were added and the notes (translated in the active language)."""
    result = ReorderResult()
    for line in order.lines.select_related("product").prefetch_related("product__prices"):
        note = _reorder_line(cart=cart, line=line, order=order, context=context, result=result)
        result.notes.extend(note)
    return result


def _reorder_line(
    *, cart: Cart, line: OrderLine, order: Order, context: PricingContext, result: ReorderResult
) -> list[ReorderNote]:
    product = line.product
    name = formatting.code(line.sku)
    if not product.is_active:
        message = _("%(product)s (%(sku)s) is no longer sold; it was left out.")
        return [ReorderNote(line.sku, "not_sold", message % {"product": line.name, "sku": name})]
    quantity = orderable_quantity(
        line.quantity, minimum=product.minimum_order_quantity, pack_size=product.pack_size
    )
    try:
        add_to_cart(
            cart=cart, product=product, quantity=quantity, early_access=context.early_access
        )
    except ApplicationError as error:
        return [ReorderNote(line.sku, "refused", str(error.message))]
    result.added += 1
    notes = []
    if quantity != line.quantity:
        message = _(
            "%(product)s: quantity changed from %(then)s to %(now)s (minimum order or pack)."
        )
        notes.append(
            ReorderNote(
                line.sku,
                "quantity",
                message
                % {
                    "product": product.name,
                    "then": quantity_text(line.quantity, product),
                    "now": quantity_text(quantity, product),
                },
            )
        )
    price_now = unit_price(product, quantity, context)
    price_then = Money(line.unit_price, order.currency)
    if price_now is not None and price_now.unit_price != price_then:
        message = _("%(product)s: unit price now %(now)s (you paid %(then)s).")
        notes.append(
            ReorderNote(
                line.sku,
                "price",
                message
                % {
                    "product": product.name,
                    "now": formatting.money(price_now.unit_price),
                    "then": formatting.money(price_then),
                },
            )
        )
    return notes
