"""Fixed bonuses for events (sign-up, complete profile, review, referral, check-in, birthday).

Each is credited once per key under the account's lock: a second call for the same key returns
the first entry (``replayed``), even if the rule's points or the member's tier have changed
since (a redelivered event, a second click on "check in").
"""

from collections.abc import Iterator
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.members.models import Member

from . import reasons, services
from .dates import local_date, zone_named
from .lock_objects import lock_account
from .models import LedgerEntry, RuleKind
from .rules import custom_event_award, event_award


@transaction.atomic
def award_event(
    *, member: Member, kind: str, key: str, when: datetime | None = None
) -> services.LedgerResult | None:
    """Credit the best applicable rule of ``kind`` once per ``key`` (e.g. the member for a
    sign-up, the date for a check-in, the year for a birthday). None when no rule applies or its
    cap is used up."""
    idempotency_key = f"{kind}:{key}"
    earlier = LedgerEntry.objects.filter(
        account=lock_account(member, now=timezone.now()), idempotency_key=idempotency_key
    ).first()
    if earlier is not None:
        return services.LedgerResult(earlier, replayed=True)
    award = event_award(member, kind, when=when)
    if award is None or award.rule is None:  # an event's award always names its rule
        return None
    return services.earn(
        member=member,
        points=award.points,
        reason=reasons.source_name(award.rule),  # shown as the rule's name in each language
        idempotency_key=idempotency_key,
        source=idempotency_key,
        rule=award.rule,
    )


@transaction.atomic
def award_custom_event(
    *, member: Member, key: str, name: str, properties: dict[str, object]
) -> services.LedgerResult | None:
    """Credit the best "event" rule for a custom event once per ``key`` (the event's row). None
    when no rule matches or its cap is used up."""
    idempotency_key = f"{RuleKind.EVENT}:{key}"
    earlier = LedgerEntry.objects.filter(
        account=lock_account(member, now=timezone.now()), idempotency_key=idempotency_key
    ).first()
    if earlier is not None:
        return services.LedgerResult(earlier, replayed=True)
    award = custom_event_award(member, name=name, properties=properties)
    if award is None or award.rule is None:
        return None
    return services.earn(
        member=member,
        points=award.points,
        reason=reasons.source_name(award.rule),
        idempotency_key=idempotency_key,
        source=idempotency_key,
        rule=award.rule,
    )


def check_in(*, member: Member, now: datetime | None = None) -> services.LedgerResult | None:
    """The daily check-in bonus: once per day in the member's own time zone. Returns the
    ledger result (``replayed`` when they checked in today already) or None when no check-in
    rule applies."""
    today: date = local_date(member, now or timezone.now())
    return award_event(member=member, kind=RuleKind.CHECK_IN, key=today.isoformat())


def _birthday_on(day: date) -> Q:
    match = Q(birthday__month=day.month, birthday__day=day.day)
    is_leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
    if (day.month, day.day) == (2, 28) and not is_leap:
        match |= Q(birthday__month=2, birthday__day=29)  # leap-day birthdays on 28 February
    return match


def birthdays(*, as_of: datetime, chunk_size: int = 2000) -> Iterator[tuple[Member, date]]:
    """Members whose birthday it is at ``as_of`` in their own time zone (born on 29 February:
    on 28 February in other years), with that local date. One query per time zone."""
    zones = Member.objects.exclude(birthday=None).values_list("timezone", flat=True).distinct()
    for zone_name in zones:
        today = as_of.astimezone(zone_named(zone_name)).date()
        members = Member.objects.filter(_birthday_on(today), timezone=zone_name).order_by("pk")
        for member in members.iterator(chunk_size=chunk_size):
            yield member, today


def birthday_bonus(*, member: Member, as_of: datetime) -> services.LedgerResult | None:
    """The birthday rule's points, once a year (the year of ``as_of`` in the member's own time
    zone). Returns the ledger result or None when no birthday rule applies."""
    year = local_date(member, as_of).year
    return award_event(member=member, kind=RuleKind.BIRTHDAY, key=str(year), when=as_of)
