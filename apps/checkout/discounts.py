"""Discount lines at checkout, supplied by other apps (coupons, points, tier discounts).

A provider is a function ``(summary, member, coupon_code, context, points) -> list[DiscountDraft]``
(``points``: how many loyalty points the member asked to redeem) registered with the
``checkout.discount_provider`` extension point (points: ``checkout.redemption``; coupons: the
rewards app's ``hooks.py``). A provider that recognises ``coupon_code``
returns a line whose ``reference`` is that code; a code that no provider claims is refused with
``InvalidCoupon``. Providers may raise ``CartError`` subclasses with a reason for the shopper.
Discounts never exceed the merchandise subtotal (``orders.services.create_order`` caps them).
"""

from collections.abc import Callable

from apps.core.extensions import ExtensionPoint
from apps.orders.services import DiscountDraft

from .errors import InvalidCoupon

discount_provider: ExtensionPoint[Callable[..., list[DiscountDraft]]] = ExtensionPoint(
    "checkout.discount_provider",
    "Discount lines for a cart: hook(summary=, member=, coupon_code=, context=, points=) -> "
    "list[DiscountDraft]; every provider's lines apply, in registration order.",
)


def discounts_for(
    *, summary, member, coupon_code: str, context, points: int = 0
) -> list[DiscountDraft]:
    code = coupon_code.strip()
    lines: list[DiscountDraft] = []
    for provider in discount_provider.hooks():
        lines.extend(
            provider(
                summary=summary, member=member, coupon_code=code, context=context, points=points
            )
        )
    if code and not any(line.reference == code for line in lines):
        raise InvalidCoupon()
    return lines
