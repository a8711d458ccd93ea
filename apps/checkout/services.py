"""Writes to carts and the step from a cart to an order."""

from django.db import IntegrityError, transaction
from djmoney.money import Money

from apps.catalog.access import check_may_buy
from apps.catalog.models import Product
from apps.catalog.pricing import PricingContext
from apps.catalog.units import quantity_text
from apps.core.tax_ids import normalise_tax_id
from apps.orders.models import Order
from apps.orders.services import create_order

from .errors import (
    BelowMinimumOrder,
    EmptyCart,
    NotAPackMultiple,
    NotEnoughStock,
    ProductUnavailable,
    QuoteChanged,
)
from .models import Cart, CartLine
from .quote import build_quote
from .selectors import cart_summary


def _check_quantity(product: Product, quantity: int, *, early_access: bool) -> None:
    if not product.is_active:
        raise ProductUnavailable()
    check_may_buy(product, early_access=early_access)
    if quantity < product.minimum_order_quantity:
        raise BelowMinimumOrder(
            BelowMinimumOrder.default_message
            % {
                "product": product.name,
                "quantity": quantity_text(product.minimum_order_quantity, product),
            }
        )
    if quantity % product.pack_size:
        raise NotAPackMultiple(
            NotAPackMultiple.default_message
            % {"product": product.name, "quantity": quantity_text(product.pack_size, product)}
        )
    if product.stock_quantity is not None and quantity > product.stock_quantity:
        raise NotEnoughStock(
            NotEnoughStock.default_message
            % {"quantity": quantity_text(product.stock_quantity, product), "product": product.name}
        )


@transaction.atomic
def add_to_cart(
    *, cart: Cart, product: Product, quantity: int, early_access: bool = False
) -> CartLine:
    """Add ``quantity`` of ``product``; the line's total must respect MOQ and stock, and a
    product before its public date needs ``early_access`` (the shopper's pricing context).

    Raises ``BelowMinimumOrder``, ``NotAPackMultiple``, ``NotEnoughStock``,
    ``ProductUnavailable`` or ``ProductNotReleased`` (nothing changes).
    """
    line = CartLine.objects.select_for_update().filter(cart=cart, product=product).first()
    total = quantity + (line.quantity if line else 0)
    _check_quantity(product, total, early_access=early_access)
    if line is None:
        try:
            with transaction.atomic():
                return CartLine.objects.create(cart=cart, product=product, quantity=total)
        except IntegrityError:  # the same product added twice at once: add to the other line
            line = CartLine.objects.select_for_update().get(cart=cart, product=product)
            total = quantity + line.quantity
            _check_quantity(product, total, early_access=early_access)
    line.quantity = total
    line.save(update_fields=["quantity"])
    cart.save(update_fields=["updated_at"])
    return line


@transaction.atomic
def set_line_quantity(
    *, cart: Cart, product_id: int, quantity: int, early_access: bool = False
) -> None:
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
    _check_quantity(line.product, quantity, early_access=early_access)
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
    vat_country: str = "",
    billing_address: str = "",
    po_number: str = "",
    notes: str = "",
    expected_total: Money | None = None,
    joined_now: bool = False,
) -> Order:
    """Turn the cart into a pending-payment order exactly as ``quote.build_quote`` prices it,
    then empty the cart.

    ``expected_total``: the total the buyer was shown; if the quote is higher now (a price or
    a rate changed meanwhile, or a choice they made without seeing its total) nothing is
    placed (``QuoteChanged``): nobody pays more than they were shown. A lower total (a coupon
    typed just before pressing "Place order") goes through. A guest who
    ``joined_now`` is charged as the guest was quoted; the order is theirs as a member.
    ``vat_id`` is checked for ``vat_country`` (the billing address's; default the shipping
    address's) and stored compact; whether it makes the order reverse charged is the order's
    decision (``orders.services.create_order``).
    Raises ``core.tax_ids.InvalidTaxId``, ``EmptyCart``, ``CannotPrice``,
    ``BelowMinimumOrder``, ``NotEnoughStock``, ``ProductNotReleased``, ``InvalidCoupon``,
    ``InvalidRedemption``, ``QuoteChanged`` or
    ``orders.errors.InsufficientStock``; nothing is written then.
    """
    tax_id = normalise_tax_id(country=vat_country or address.get("country", ""), number=vat_id)
    summary = cart_summary(cart, context)
    if summary.is_empty:
        raise EmptyCart()
    for priced in summary.lines:
        _check_quantity(priced.product, priced.line.quantity, early_access=context.early_access)
    quote = build_quote(
        summary=summary,
        member=None if joined_now else member,
        context=context,
        shipping_method=shipping_method,
        coupon_code=coupon_code,
        points=points,
    )
    if expected_total is not None and _costs_more(quote.total, expected_total):
        raise QuoteChanged(QuoteChanged.default_message % {"total": quote.total})
    order = create_order(
        draft=quote.order_draft(
            email=email,
            language=language,
            exchange_rate=context.rate,
            payment_method=payment_method,
            incoterm=incoterm,
            address=address,
            member=member,
            vat_id=tax_id.number,
            billing_address=billing_address,
            po_number=po_number,
            notes=notes,
        )
    )
    cart.delete()
    return order


def _costs_more(total: Money, shown: Money) -> bool:
    """Whether ``total`` asks more than was ``shown`` (another currency always counts)."""
    return str(total.currency) != str(shown.currency) or total > shown
