"""The reasons rewards write on ledger entries, and how a reward named in one reads in the
reader's language (registered with ``apps.ledger.reasons`` in ``apps.py``)."""

import time
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname

from .models import Reward

REWARD_REDEEMED_REASON = gettext_noop("Reward: %(reward)s")
REWARD_REJECTED_REASON = gettext_noop("Reward rejected: %(reward)s")
REWARD_VOIDED_REASON = gettext_noop("Reward voided: %(reward)s")
NAMES_CACHE_SECONDS = 60.0
_rewards: dict[str, tuple[float, Reward | None]] = {}


def reward_name_shown(stored: str) -> str | None:
    """The reward whose name in any language is ``stored``, named in the active language (a
    renamed reward reads with its stored name for up to a minute per process)."""
    cached = _rewards.get(stored)
    if cached is None or time.monotonic() - cached[0] > NAMES_CACHE_SECONDS:
        fields = [build_localized_fieldname("name", code) for code, _name in settings.LANGUAGES]
        found = reduce(or_, (Q(**{field: stored}) for field in fields))
        cached = (time.monotonic(), Reward.objects.filter(found).order_by("pk").first())
        _rewards[stored] = cached
    reward = cached[1]
    return reward.name if reward is not None else None


def forget_reward_names() -> None:
    _rewards.clear()
