"""What tiers announce (``services``: evaluation after a paid order, periodic re-evaluation)."""

from apps.core.events import Event, declare


@declare("tier.changed")
class TierChanged(Event):
    """A member moved to another tier (the ``TierChange`` row ``change_id`` records it)."""

    change_id: int
    member_id: int
    from_tier: int | None  # None: the member's first tier
    to_tier: int
    upgrade: bool
