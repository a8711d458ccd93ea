"""The shapes of what the payment providers send us and what our gateways hand back."""

from typing import Any, TypeAlias, TypedDict

ProviderObject: TypeAlias = dict[str, Any]
"""A JSON object a provider sent (a webhook event, its ``data.object`` or ``resource``, a
refund listed by Stripe). Its values are whatever the provider put there: each handler reads the
fields it knows and checks them before use."""


class PayPalAmount(TypedDict):
    total: str
    currency: str


class PayPalSale(TypedDict):
    """The sale a PayPal payment became when it was executed."""

    id: str
    state: str
    amount: PayPalAmount
