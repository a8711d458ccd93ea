"""What a buyer's membership changes on an order: a shipping benefit (free or subsidised
freight) and priority service.

The loyalty programme (``apps.tiers``) knows who gets what; orders must not import it, so it
answers through the ``orders.shipping_benefit`` and ``orders.priority_service`` extension
points (``apps.orders.extensions``). Every way an order is made (checkout, offline orders
through the API) asks the same functions, so the same rule applies everywhere.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from apps.currencies.selectors import round_to_minor_unit

from .extensions import priority_service, shipping_benefit
from .models import ShippingMethod

if TYPE_CHECKING:
    from apps.members.models import Member


@dataclass(frozen=True)
class ShippingBenefit:
    """Taken off the freight: ``amount`` in the order's currency, never more than the freight."""

    amount: Decimal
    label: str


@dataclass(frozen=True)
class ShippingCharge:
    """Shipping for an order: the freight, the buyer's benefit and what they pay."""

    method: ShippingMethod | None
    freight: Decimal
    benefit: ShippingBenefit | None = None
    quoted_later: bool = False

    @property
    def discount(self) -> Decimal:
        return self.benefit.amount if self.benefit else Decimal(0)

    @property
    def charged(self) -> Decimal:
        return self.freight - self.discount

    @property
    def label(self) -> str:
        return self.benefit.label if self.benefit else ""


def shipping_charge(
    *,
    method: ShippingMethod | None,
    member: "Member | None",
    currency: str,
    rate: Decimal,
    freight: Decimal | None = None,
) -> ShippingCharge:
    """Shipping for an order in ``currency`` (``rate``: one unit of the base currency in it).

    ``freight`` is the method's flat price converted, unless given (an ERP's own freight).
    Freight quoted later has no amount yet: a benefit is then named (amount 0) so that the
    quote applies it.
    """
    quoted_later = freight is None and (method is None or method.is_quoted_later)
    if freight is None:
        freight = Decimal(0) if method is None or method.is_quoted_later else method.price * rate
    freight = round_to_minor_unit(freight, currency)
    if member is None or (freight <= 0 and not quoted_later):
        return ShippingCharge(method=method, freight=freight, quoted_later=quoted_later)
    benefit = _best_benefit(
        member=member, method=method, currency=currency, freight=freight, rate=rate
    )
    return ShippingCharge(
        method=method, freight=freight, benefit=benefit, quoted_later=quoted_later
    )


def _best_benefit(
    *,
    member: "Member",
    method: ShippingMethod | None,
    currency: str,
    freight: Decimal,
    rate: Decimal,
) -> ShippingBenefit | None:
    offers = [
        offer
        for provider in shipping_benefit.hooks()
        if (
            offer := provider(
                member=member, method=method, currency=currency, freight=freight, rate=rate
            )
        )
        is not None
    ]
    if not offers:
        return None
    best = max(offers, key=lambda offer: offer.amount)
    amount = min(round_to_minor_unit(best.amount, currency), freight)
    return ShippingBenefit(amount=amount, label=best.label)


def has_priority_service(member: "Member | None") -> bool:
    """Whether the member's orders get priority service (captured on the order when placed)."""
    if member is None:
        return False
    return any(provider(member) for provider in priority_service.hooks())
