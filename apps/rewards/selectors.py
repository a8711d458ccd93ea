"""Reads of the rewards catalogue that other pages show."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Reward


def exclusive_rewards(tier) -> QuerySet[Reward]:
    """Rewards on offer now that only ``tier`` (among others it names) may redeem."""
    now = timezone.now()
    return Reward.objects.filter(
        Q(starts_at__isnull=True) | Q(starts_at__lte=now),
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        is_active=True,
        tiers=tier,
    ).order_by("position", "points_cost", "id")


def exclusive_reward_lines(tier) -> list[str]:
    """The tier benefit line for its exclusive rewards (registered with ``tiers.benefits``)."""
    names = [reward.name for reward in exclusive_rewards(tier)]
    if not names:
        return []
    return [_("Exclusive rewards: %(rewards)s") % {"rewards": ", ".join(names)}]
