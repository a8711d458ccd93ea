"""An order's amounts and the rows that show them, computed one way for every place that shows
or charges them: the checkout summary (before the order exists), the order itself, its page,
its emails and the payment.

Rows, in order: merchandise at list prices and the member price discount (when the tier gives
one), the merchandise subtotal, each discount line (coupon, points), the freight, the tier's
shipping benefit, the total.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from djmoney.money import Money

if TYPE_CHECKING:
    from .models import Order


@dataclass(frozen=True)
class Totals:
    list_subtotal: Decimal  # merchandise at list prices
    subtotal: Decimal  # merchandise at the buyer's (member) prices
    discount: Decimal  # coupon, points...: never more than the subtotal
    shipping: Decimal  # what the buyer pays for shipping (after the benefit)
    total: Decimal

    @property
    def member_saving(self) -> Decimal:
        return self.list_subtotal - self.subtotal


def compute_totals(
    *,
    lines: Iterable[tuple[Decimal, Decimal, int]],
    discounts: Iterable[Decimal],
    shipping: Decimal,
) -> Totals:
    """``lines`` as (list unit price, unit price, quantity); amounts already rounded."""
    lines = list(lines)
    list_subtotal = sum((price * quantity for price, _unit, quantity in lines), Decimal(0))
    subtotal = sum((unit * quantity for _price, unit, quantity in lines), Decimal(0))
    discount = min(sum(discounts, Decimal(0)), subtotal)
    return Totals(
        list_subtotal=list_subtotal,
        subtotal=subtotal,
        discount=discount,
        shipping=shipping,
        total=subtotal - discount + shipping,
    )


@dataclass(frozen=True)
class TotalRow:
    kind: str  # list_subtotal, member_saving, subtotal, discount, shipping, shipping_benefit, total
    label: str
    amount: Money | None  # None: freight quoted later
    deduction: bool = False  # shown with a minus sign

    @property
    def is_total(self) -> bool:
        return self.kind == "total"


def total_rows(
    *,
    currency: str,
    totals: Totals,
    discounts: Iterable[tuple[str, Decimal]],
    shipping_method: str,
    freight: Decimal,
    shipping_benefit: Decimal,
    shipping_benefit_label: str,
    freight_quoted_later: bool,
) -> list[TotalRow]:
    """The rows of a summary in the active language. ``discounts`` as (label, amount)."""
    rows = []
    if totals.member_saving > 0:
        rows += [
            TotalRow(
                "list_subtotal",
                _("Merchandise at list prices"),
                Money(totals.list_subtotal, currency),
            ),
            TotalRow(
                "member_saving",
                _("Member price discount"),
                Money(totals.member_saving, currency),
                deduction=True,
            ),
        ]
    rows.append(TotalRow("subtotal", _("Merchandise subtotal"), Money(totals.subtotal, currency)))
    rows += [
        TotalRow("discount", label, Money(amount, currency), deduction=True)
        for label, amount in discounts
    ]
    shipping_label = (
        _("Shipping (%(method)s)") % {"method": shipping_method}
        if shipping_method
        else _("Shipping")
    )
    rows.append(
        TotalRow(
            "shipping",
            shipping_label,
            None if freight_quoted_later else Money(freight, currency),
        )
    )
    if shipping_benefit > 0:
        rows.append(
            TotalRow(
                "shipping_benefit",
                shipping_benefit_label,
                Money(shipping_benefit, currency),
                deduction=True,
            )
        )
    rows.append(TotalRow("total", _("Total"), Money(totals.total, currency)))
    return rows


def order_totals(order: "Order") -> Totals:
    """The totals of a placed order, from its captured lines and amounts."""
    list_subtotal = sum(
        (line.list_unit_price * line.quantity for line in order.lines.all()), Decimal(0)
    )
    return Totals(
        list_subtotal=max(list_subtotal, order.subtotal_amount),
        subtotal=order.subtotal_amount,
        discount=order.discount_amount,
        shipping=order.shipping_amount,
        total=order.total_amount,
    )


def order_total_rows(order: "Order") -> list[TotalRow]:
    """The summary rows of a placed order (prefetch ``lines`` and ``discounts``)."""
    return total_rows(
        currency=order.currency,
        totals=order_totals(order),
        discounts=[(discount.label, discount.amount) for discount in order.discounts.all()],
        shipping_method=order.shipping_method.name if order.shipping_method else "",
        freight=order.shipping_amount + order.shipping_discount_amount,
        shipping_benefit=order.shipping_discount_amount,
        shipping_benefit_label=order.shipping_discount_label,
        freight_quoted_later=order.freight_quoted_later,
    )
