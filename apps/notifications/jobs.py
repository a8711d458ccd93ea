"""Time-driven notifications: expiring points, birthdays, re-engagement of "at risk" members.

Each job selects its members with set-based queries and takes ``as_of`` (operators and tests run
it for a given moment). Each is idempotent through its dedupe keys (and the ledger's keys for
the birthday points), so running it twice, or from two beat schedulers, tells nobody twice.
"""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

from django.db import transaction
from django.db.models import DateTimeField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest

from apps.ledger.bonuses import award_event
from apps.ledger.dates import member_zone
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount, PointsLot, Programme, RuleKind
from apps.ledger.selectors import points_value
from apps.members.models import Member
from apps.orders.models import Order

from .content import money_fact
from .models import Kind, Notification
from .services import notify, notify_many

REMINDER_DAYS = (30, 7)  # reminders before points expire, largest first
BATCH = 2_000


def _expiring_rows(*, after: datetime, until: datetime):
    """Points per member and expiry moment, for lots expiring in (after, until]. One query."""
    return (
        PointsLot.objects.filter(remaining__gt=0, expires_at__gt=after, expires_at__lte=until)
        .values(
            "expires_at", member_id=F("account__member_id"), zone=F("account__member__timezone")
        )
        .annotate(points=Sum("remaining"))
        .order_by("member_id", "expires_at")
    )


def _zone(name: str):
    return member_zone(SimpleNamespace(timezone=name))  # UTC for an unknown zone name


def _last_usable_day(expires_at: datetime, zone_name: str) -> date:
    # Lots expire at the local midnight after their last day (ledger.dates.expiry_for).
    zone = _zone(zone_name)
    return (expires_at.astimezone(zone) - timedelta(microseconds=1)).date()


def remind_expiring_points(*, as_of: datetime) -> int:
    """Tell members about points expiring within 30 days, then again within 7 days.

    The 30-day reminder covers expiries in (as_of + 7 days, as_of + 30 days], the 7-day one
    (as_of, as_of + 7 days]; one notification per member, expiry moment and reminder
    (``expiring:<days>:<member>:<expiry>``). Returns how many notifications were new.
    """
    created = 0
    windows = [*REMINDER_DAYS[1:], 0]
    for days, nearer in zip(REMINDER_DAYS, windows, strict=True):
        rows = _expiring_rows(
            after=as_of + timedelta(days=nearer), until=as_of + timedelta(days=days)
        )
        batch: list[Notification] = []
        for row in rows.iterator(chunk_size=BATCH):
            expires_at = row["expires_at"]
            batch.append(
                Notification(
                    member_id=row["member_id"],
                    kind=Kind.POINTS_EXPIRING,
                    dedupe_key=f"expiring:{days}:{row['member_id']}:{expires_at:%Y-%m-%dT%H:%M%z}",
                    context={
                        "points": row["points"],
                        "days": days,
                        "last_day": _last_usable_day(expires_at, row["zone"]).isoformat(),
                    },
                )
            )
            if len(batch) == BATCH:
                created += notify_many(batch)
                batch = []
        if batch:
            created += notify_many(batch)
    return created


def _birthday_filter(today: date) -> Q:
    match = Q(birthday__month=today.month, birthday__day=today.day)
    is_leap = today.year % 4 == 0 and (today.year % 100 != 0 or today.year % 400 == 0)
    if (today.month, today.day) == (2, 28) and not is_leap:
        match |= Q(birthday__month=2, birthday__day=29)  # leap-day birthdays on 28 February
    return match


@transaction.atomic
def _celebrate(member: Member, *, year: int, as_of: datetime) -> bool:
    result = award_event(member=member, kind=RuleKind.BIRTHDAY, key=str(year), when=as_of)
    return (
        notify(
            member=member,
            kind=Kind.BIRTHDAY,
            dedupe_key=f"birthday:{member.pk}:{year}",
            context={"points": result.entry.points if result else None, "year": year},
        )
        is not None
    )


def celebrate_birthdays(*, as_of: datetime) -> int:
    """Members whose birthday it is at ``as_of`` in their own time zone get the birthday rule's
    points (ledger key ``birthday:<year>``) and a greeting (``birthday:<member>:<year>``), once
    a year. Members are selected per time zone with one query each. Returns greetings sent."""
    zones = Member.objects.exclude(birthday=None).values_list("timezone", flat=True).distinct()
    celebrated = 0
    for zone_name in zones:
        today = as_of.astimezone(_zone(zone_name)).date()
        members = Member.objects.filter(_birthday_filter(today), timezone=zone_name)
        for member in members.iterator(chunk_size=BATCH):
            celebrated += _celebrate(member, year=today.year, as_of=as_of)
    return celebrated


def _last_activity():
    """The member's latest own activity: an order, a points movement they caused (not expiry,
    staff adjustments or birthday gifts), a sign-in; at least the day they joined."""
    entries = (
        LedgerEntry.objects.filter(account=OuterRef("pk"))
        .exclude(kind__in=[EntryKind.EXPIRE, EntryKind.ADJUST])
        .exclude(source__startswith="birthday:")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    orders = (
        Order.objects.filter(member_id=OuterRef("member_id"))
        .order_by("-placed_at")
        .values("placed_at")[:1]
    )
    joined = F("member__created_at")
    return Greatest(
        joined,
        Coalesce(Subquery(entries), joined),
        Coalesce(Subquery(orders), joined),
        Coalesce(F("member__user__last_login"), joined),
        output_field=DateTimeField(),
    )


def at_risk_accounts(*, as_of: datetime):
    """Points accounts of "at risk" members: at least the programme's balance and no activity
    for its number of days before ``as_of``. One query (annotated with ``last_activity``)."""
    programme = Programme.current()
    return (
        PointsAccount.objects.filter(available__gte=programme.at_risk_points)
        .annotate(last_activity=_last_activity())
        .filter(last_activity__lte=as_of - timedelta(days=programme.at_risk_inactive_days))
        .select_related("member")
        .order_by("pk")
    )


def re_engage_at_risk_members(*, as_of: datetime) -> int:
    """Email "at risk" members their balance and what it is worth, once per quiet spell
    (``re-engagement:<member>:<date of last activity>``); marketing consent is checked when the
    email is sent. Returns how many notifications were new."""
    created, batch = 0, []
    for account in at_risk_accounts(as_of=as_of).iterator(chunk_size=BATCH):
        batch.append(_re_engagement(account))
        if len(batch) == BATCH:
            created += notify_many(batch)
            batch = []
    return created + (notify_many(batch) if batch else 0)


def _re_engagement(account: PointsAccount) -> Notification:
    member = account.member
    return Notification(
        member=member,
        kind=Kind.RE_ENGAGEMENT,
        dedupe_key=f"re-engagement:{member.pk}:{account.last_activity:%Y-%m-%d}",
        context={
            "balance": account.available,
            "value": money_fact(points_value(account.available, member.preferred_currency)),
            "last_activity": account.last_activity.date().isoformat(),
        },
    )
