"""Writes to carts and the step from a cart to an order."""

from decimal import Decimal

from django.db import IntegrityError, transaction

from apps.catalog.models import Product
from apps.catalog.pricing import PricingContext
from apps.catalog.units import quantity_text
from apps.core.selectors import round_to_minor_unit
from apps.orders.models import Order
from apps.orders.services import LineDraft, OrderDraft, create_order

from . import discounts
from .errors import (
    BelowMinimumOrder,
    CannotPrice,
    EmptyCart,
    NotEnoughStock,
    ProductUnavailable,
)
from .models import Cart, CartLine
from .selectors import cart_summary


def _check_quantity(product: Product, quantity: int) -> None:
    if not product.is_active:
        raise ProductUnavailable()
    if quantity < product.minimum_order_quantity:
        raise BelowMinimumOrder(
            BelowMinimumOrder.default_message
            % {
                "product": product.name,
                "quantity": quantity_text(product.minimum_order_quantity, product),
            }
        )
    if product.stock_quantity is not None and quantity > product.stock_quantity:
        raise NotEnoughStock(
            NotEnoughStock.default_message
            % {"quantity": quantity_text(product.stock_quantity, product), "product": product.name}
        )


@transaction.atomic
def add_to_cart(*, cart: Cart, product: Product, quantity: int) -> CartLine:
    """Add ``quantity`` of ``product``; the line's total must respect MOQ and stock.

    Raises ``BelowMinimumOrder``, ``NotEnoughStock`` or ``ProductUnavailable`` (nothing changes).
    """
    line = CartLine.objects.select_for_update().filter(cart=cart, product=product).first()
    total = quantity + (line.quantity if line else 0)
    _check_quantity(product, total)
    if line is None:
        try:
            with transaction.atomic():
                return CartLine.objects.create(cart=cart, product=product, quantity=total)
        except IntegrityError:  # the same product added twice at once: add to the other line
            line = CartLine.objects.select_for_update().get(cart=cart, product=product)
            total = quantity + line.quantity
            _check_quantity(product, total)
    line.quantity = total
    line.save(update_fields=["quantity"])
    cart.save(update_fields=["updated_at"])
    return line


@transaction.atomic
def set_line_quantity(*, cart: Cart, product_id: int, quantity: int) -> None:
    """Set a line's quantity; 0 removes it. Same checks as ``add_to_cart``."""
    line = (
        CartLine.objects.select_for_update()
        .select_related("product")
        .filter(cart=cart, product_id=product_id)
        .first()
    )
    if line is None:
        return
    if quantity <= 0:
        line.delete()
        return
    _check_quantity(line.product, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])


@transaction.atomic
def merge_carts(*, source: Cart, target: Cart) -> Cart:
    """Move a guest cart's lines into a member's cart (quantities add up, capped at stock)."""
    if source.pk == target.pk:
        return target
    for line in source.lines.select_related("product"):
        existing = target.lines.filter(product=line.product).first()
        quantity = line.quantity + (existing.quantity if existing else 0)
        stock = line.product.stock_quantity
        if stock is not None:
            quantity = min(quantity, stock)
        if quantity <= 0:
            continue
        CartLine.objects.update_or_create(
            cart=target, product=line.product, defaults={"quantity": quantity}
        )
    source.delete()
    return target


@transaction.atomic
def place_order(
    *,
    cart: Cart,
    context: PricingContext,
    member,
    email: str,
    language: str,
    payment_method: str,
    incoterm: str,
    address: dict,
    shipping_method=None,
    coupon_code: str = "",
    points: int = 0,
    vat_id: str = "",
    po_number: str = "",
    notes: str = "",
) -> Order:
    """Turn the cart into a pending-payment order at today's prices, then empty the cart.

    Raises ``EmptyCart``, ``CannotPrice``, ``BelowMinimumOrder``, ``NotEnoughStock``,
    ``InvalidCoupon`` or ``orders.errors.InsufficientStock``; nothing is written then.
    """
    summary = cart_summary(cart, context)
    if summary.is_empty:
        raise EmptyCart()
    if not summary.can_price:
        raise CannotPrice(CannotPrice.default_message % {"currency": context.currency})
    for priced in summary.lines:
        _check_quantity(priced.product, priced.line.quantity)
    shipping_amount, quoted_later = _shipping(shipping_method, context)
    discount_lines = discounts.discounts_for(
        summary=summary, member=member, coupon_code=coupon_code, context=context, points=points
    )
    order = create_order(
        draft=OrderDraft(
            email=email,
            language=language,
            currency=context.currency,
            exchange_rate=context.rate,
            payment_method=payment_method,
            incoterm=incoterm,
            lines=[
                LineDraft(
                    product=priced.product,
                    quantity=priced.line.quantity,
                    list_unit_price=priced.price.list_price.amount,
                    unit_price=priced.price.unit_price.amount,
                )
                for priced in summary.lines
            ],
            address=address,
            member=member,
            shipping_method=shipping_method,
            shipping_amount=shipping_amount,
            freight_quoted_later=quoted_later,
            discounts=discount_lines,
            vat_id=vat_id,
            po_number=po_number,
            notes=notes,
        )
    )
    cart.delete()
    return order


def _shipping(shipping_method, context: PricingContext) -> tuple[Decimal, bool]:
    if shipping_method is None or shipping_method.is_quoted_later:
        return Decimal(0), True
    return round_to_minor_unit(shipping_method.price * context.rate, context.currency), False
