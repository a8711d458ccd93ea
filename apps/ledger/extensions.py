"""What the ledger asks the apps above it (``apps.core.extensions``): it never imports them.

Each hook receives a ``members.Member``.
"""

from collections.abc import Callable
from decimal import Decimal

from apps.core.extensions import ExtensionPoint

points_multiplier: ExtensionPoint[Callable[[object], Decimal]] = ExtensionPoint(
    "ledger.points_multiplier",
    "What multiplies a member's purchase points (at least 1); the largest answer applies. "
    "Registered by tiers.",
)

redemption_rate: ExtensionPoint[Callable[[object], int | None]] = ExtensionPoint(
    "ledger.redemption_rate",
    "A better rate (points per unit of the base currency) for a member, or None; the lowest "
    "of the programme's rate and every answer applies. Registered by tiers.",
)

member_tier: ExtensionPoint[Callable[[object], object]] = ExtensionPoint(
    "ledger.member_tier",
    "The member's current tier (a tiers.Tier) or None, for earning rules limited to tiers. "
    "One hook, registered by tiers; without it no tier-limited rule applies.",
    single=True,
)
