"""The checkout quote: one computation of what a cart costs, used for everything.

The summary the buyer reads while filling in the checkout (and each time they change the
shipping method, coupon or points), the order ``place_order`` creates, and therefore the order
page, its emails and the payment, all come from ``build_quote``: subtotal at member prices,
each discount line (coupon, points), the freight less the tier's shipping benefit, the total
(``orders.totals``). What the buyer saw before "Place order" is what they are asked to pay.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from djmoney.money import Money

from apps.catalog.pricing import PricingContext
from apps.ledger.models import Programme
from apps.ledger.selectors import balance
from apps.orders.benefits import ShippingCharge, shipping_charge
from apps.orders.models import ShippingMethod
from apps.orders.services import DiscountDraft, LineDraft, OrderDraft
from apps.orders.totals import TotalRow, Totals, compute_totals, total_rows

from . import discounts
from .errors import CannotPrice, CartError, DiscountsExceedSubtotal
from .redemption import maximum_points, redemption_value
from .selectors import CartSummary


@dataclass(frozen=True)
class Quote:
    summary: CartSummary
    currency: str
    discounts: list[DiscountDraft]
    shipping: ShippingCharge
    totals: Totals

    @property
    def total(self) -> Money:
        return Money(self.totals.total, self.currency)

    def rows(self) -> list[TotalRow]:
        """The summary's rows in the active language (the order shows the same ones)."""
        return total_rows(
            currency=self.currency,
            totals=self.totals,
            discounts=[(line.label, line.amount) for line in self.discounts],
            shipping_method=self.shipping.method.name if self.shipping.method else "",
            freight=self.shipping.freight,
            shipping_benefit=self.shipping.discount,
            shipping_benefit_label=self.shipping.label,
            freight_quoted_later=self.shipping.quoted_later,
        )

    def line_drafts(self) -> list[LineDraft]:
        return [
            LineDraft(
                product=priced.product,
                quantity=priced.line.quantity,
                list_unit_price=priced.known_price.list_price.amount,
                unit_price=priced.known_price.unit_price.amount,
            )
            for priced in self.summary.lines
        ]

    def order_draft(self, **order_fields) -> OrderDraft:
        """The order this quote describes; ``order_fields``: email, language, address, ..."""
        return OrderDraft(
            currency=self.currency,
            lines=self.line_drafts(),
            shipping_method=self.shipping.method,
            shipping_amount=self.shipping.charged,
            shipping_discount=self.shipping.discount,
            shipping_discount_label=self.shipping.label,
            freight_quoted_later=self.shipping.quoted_later,
            discounts=self.discounts,
            **order_fields,
        )


def build_quote(
    *,
    summary: CartSummary,
    member,
    context: PricingContext,
    shipping_method: ShippingMethod | None,
    coupon_code: str = "",
    points: int = 0,
) -> Quote:
    """What the cart costs ``member`` (None: a guest) with these choices.

    Raises ``CannotPrice``, ``InvalidCoupon``, the ledger's ``InvalidRedemption`` or
    ``DiscountsExceedSubtotal`` (all ``CartError``) with a reason for the buyer.
    """
    # Prices given in the currency need no rate, but a flat freight price does (mypy found it).
    if not (summary.can_price and context.rate is not None):
        raise CannotPrice(CannotPrice.default_message % {"currency": context.currency})
    lines = discounts.discounts_for(
        summary=summary, member=member, coupon_code=coupon_code, context=context, points=points
    )
    shipping = shipping_charge(
        method=shipping_method, member=member, currency=context.currency, rate=context.rate
    )
    totals = compute_totals(
        lines=[
            (
                priced.known_price.list_price.amount,
                priced.known_price.unit_price.amount,
                priced.line.quantity,
            )
            for priced in summary.lines
        ],
        discounts=[line.amount for line in lines],
        shipping=shipping.charged,
    )
    if sum((line.amount for line in lines), Decimal(0)) > totals.subtotal:
        raise DiscountsExceedSubtotal()
    return Quote(
        summary=summary,
        currency=context.currency,
        discounts=lines,
        shipping=shipping,
        totals=totals,
    )


@dataclass(frozen=True)
class QuotePreview:
    """The quote while the buyer is still choosing: a coupon or points amount that cannot be
    used is left out, and why is said beside the summary (``errors`` by form field)."""

    quote: Quote | None
    errors: dict[str, str] = field(default_factory=dict)
    coupon_code: str = ""
    points: int = 0


def preview_quote(
    *,
    summary: CartSummary,
    member,
    context: PricingContext,
    shipping_method: ShippingMethod | None,
    coupon_code: str = "",
    points: int = 0,
) -> QuotePreview:
    """``build_quote`` without the choices it refuses. The order itself is only ever placed
    through ``build_quote``, which refuses them."""
    arguments = {
        "summary": summary,
        "member": member,
        "context": context,
        "shipping_method": shipping_method,
    }
    errors = {}
    if not (summary.can_price and context.rate is not None):
        message = CannotPrice.default_message % {"currency": context.currency}
        return QuotePreview(quote=None, errors={"__all__": str(message)})
    try:  # the usual case: every choice can be used
        quote = build_quote(**arguments, coupon_code=coupon_code, points=points)
    except CartError:
        pass
    else:
        return QuotePreview(quote=quote, coupon_code=coupon_code, points=points)
    if coupon_code:
        try:
            build_quote(**arguments, coupon_code=coupon_code)
        except CartError as error:
            errors["coupon_code"] = str(error.message)
            coupon_code = ""
    if points:
        try:
            build_quote(**arguments, coupon_code=coupon_code, points=points)
        except CartError as error:
            errors["points"] = str(error.message)
            points = 0
    quote = build_quote(**arguments, coupon_code=coupon_code, points=points)
    return QuotePreview(quote=quote, errors=errors, coupon_code=coupon_code, points=points)


def redemption_hint(member, summary: CartSummary, context: PricingContext) -> dict | None:
    """What the member can redeem on this cart, for the hint beside the points field."""
    if member is None or not context.can_price:
        return None
    available = balance(member).available
    minimum = Programme.current().minimum_redemption
    maximum = min(available, maximum_points(summary, member, context))
    if maximum < minimum:
        return {"available": available, "usable": False}
    return {
        "available": available,
        "usable": True,
        "minimum": minimum,
        "maximum": maximum,
        "value": Money(redemption_value(maximum, member, context), context.currency),
    }
