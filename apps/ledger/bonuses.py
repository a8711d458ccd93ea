"""Fixed bonuses for events (sign-up, complete profile, review, referral, check-in, birthday)."""

from datetime import datetime

from . import reasons, services
from .rules import event_award


def award_event(*, member, kind: str, key: str, when: datetime | None = None):
    """Credit the best applicable rule of ``kind`` once per ``key`` (e.g. the member for a
    sign-up, the date for a check-in, the year for a birthday). None when no rule applies or its
    cap is used up."""
    award = event_award(member, kind, when=when)
    if award is None:
        return None
    return services.earn(
        member=member,
        points=award.points,
        reason=reasons.source_name(award.rule),  # shown as the rule's name in each language
        idempotency_key=f"{kind}:{key}",
        source=f"{kind}:{key}",
        rule=award.rule,
    )
