"""What the ledger asks the apps above it (``apps.core.extensions``): it never imports them.

Each hook receives a ``members.Member``.
"""

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Model

from apps.core.extensions import ExtensionPoint
from apps.members.models import Member

points_multiplier: ExtensionPoint[Callable[[Member], Decimal]] = ExtensionPoint(
    "ledger.points_multiplier",
    "What multiplies a member's purchase points (at least 1); the largest answer applies. "
    "Registered by tiers.",
)

redemption_rate: ExtensionPoint[Callable[[Member], int | None]] = ExtensionPoint(
    "ledger.redemption_rate",
    "A better rate (points per unit of the base currency) for a member, or None; the lowest "
    "of the programme's rate and every answer applies. Registered by tiers.",
)

member_tier: ExtensionPoint[Callable[[Member], Model | None]] = ExtensionPoint(
    "ledger.member_tier",
    "The member's current tier (a tiers.Tier) or None, for earning rules limited to tiers. "
    "One hook, registered by tiers; without it no tier-limited rule applies.",
    single=True,
)
