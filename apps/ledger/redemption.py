"""Paying part of an order with points: a discount line at checkout.

The programme sets the rate (default 100 points = 1 unit of base currency, better for tiers that
say so), the minimum (500) and the largest share of the merchandise subtotal (50%). The points
are taken from the member's balance when the order is placed (entry source ``order:<id>``), so
they cannot be spent twice while the order waits for payment; they come back if the order is
cancelled (unpaid orders are cancelled after a while, see ``tasks.cancel_unpaid_orders``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext as _

from apps.checkout.errors import CartError
from apps.core import formatting
from apps.core.selectors import round_to_minor_unit
from apps.orders.services import DiscountDraft

from . import reasons, services
from .models import Programme
from .selectors import balance

if TYPE_CHECKING:
    from djmoney.money import Money

    from apps.catalog.pricing import PricingContext
    from apps.members.models import Member
    from apps.orders.models import Order


class Cart(Protocol):
    """What redemption reads of a checkout's cart summary."""

    @property
    def subtotal(self) -> Money: ...


REDEMPTION_RATE_HOOKS: list[Callable[[Member], int | None]] = []


class InvalidRedemption(CartError):
    code = "invalid_redemption"


def points_per_unit(member: Member) -> int:
    """Points per unit of base currency for this member (a tier may offer a better rate)."""
    rates = [rate for hook in REDEMPTION_RATE_HOOKS if (rate := hook(member))]
    return min([Programme.current().redemption_points_per_unit, *rates])


def _rate(context: PricingContext) -> Decimal:
    if context.rate is None:  # checkout refuses to price such a cart before asking
        raise RuntimeError(f"no exchange rate for {context.currency}")
    return context.rate


def redemption_value(points: int, member: Member, context: PricingContext) -> Decimal:
    base = Decimal(points) / points_per_unit(member)
    return round_to_minor_unit(base * _rate(context), context.currency)


def maximum_points(summary: Cart, member: Member, context: PricingContext) -> int:
    """The most points this cart can take (the share cap), before the member's balance."""
    share = Decimal(Programme.current().maximum_redemption_share)
    cap = summary.subtotal.amount * share / _rate(context) * points_per_unit(member)
    return int(cap.to_integral_value(rounding=ROUND_DOWN))


def points_discount(
    *,
    summary: Cart,
    member: Member | None,
    context: PricingContext,
    points: int = 0,
    **_ignored: object,
) -> list[DiscountDraft]:
    """The checkout discount provider for points (registered in ``apps.ledger.apps``)."""
    if not points:
        return []
    programme = Programme.current()
    if member is None:
        raise InvalidRedemption(_("Sign in to redeem points."))
    available = balance(member).available
    if points < programme.minimum_redemption:
        raise InvalidRedemption(
            _("Redeem at least %(minimum)s points.")
            % {"minimum": formatting.number(programme.minimum_redemption)}
        )
    if points > available:
        raise InvalidRedemption(
            _("You have %(available)s points available.")
            % {"available": formatting.number(available)}
        )
    most = maximum_points(summary, member, context)
    if points > most:
        raise InvalidRedemption(
            _(
                "Points can pay at most half of the merchandise; redeem up to "
                "%(points)s points on this order."
            )
            % {"points": formatting.number(most)}
        )
    amount = redemption_value(points, member, context)

    def spend_points(order: Order) -> None:
        services.spend(
            member=member,
            points=points,
            reason=reasons.written(reasons.REDEEMED_ON_ORDER, number=order.number),
            idempotency_key=f"redeem:order:{order.pk}",
            source=f"order:{order.pk}",
        )

    return [
        DiscountDraft(
            kind="points",
            label=_("%(points)s points") % {"points": formatting.number_text(points)},
            amount=amount,
            reference=f"points:{points}",
            on_place=spend_points,
        )
    ]
