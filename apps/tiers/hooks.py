"""How tiers change prices, earning and redemption elsewhere (registered at start-up)."""

from decimal import Decimal


def member_discount(member) -> Decimal:
    from .selectors import member_tier

    tier = member_tier(member)
    return tier.discount_percent / 100 if tier else Decimal(0)


def points_multiplier(member) -> Decimal:
    from .selectors import member_tier

    tier = member_tier(member)
    return tier.points_multiplier if tier else Decimal(1)


def redemption_rate(member) -> int | None:
    from .selectors import member_tier

    tier = member_tier(member)
    return tier.redemption_points_per_unit if tier else None
