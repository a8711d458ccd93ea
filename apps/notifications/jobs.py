"""Time-driven notifications: expiring points, birthdays, re-engagement of "at risk" members.

The rules (whose birthday it is, the birthday bonus, who is "at risk") are the ledger's
(``ledger.bonuses``, ``ledger.selectors``); these jobs tell the members.

Each job selects its members with set-based queries and takes ``as_of`` (operators and tests run
it for a given moment). Each is idempotent through its dedupe keys (and the ledger's keys for
the birthday points), so running it twice, or from two beat schedulers, tells nobody twice.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Sum

from apps.ledger.bonuses import birthday_bonus, birthdays
from apps.ledger.dates import zone_named
from apps.ledger.models import PointsLot
from apps.ledger.selectors import AtRiskAccount, points_value, re_engagement_accounts
from apps.members.models import Member

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


def _last_usable_day(expires_at: datetime, zone_name: str) -> date:
    # Lots expire at the local midnight after their last day (ledger.dates.expiry_for).
    zone = zone_named(zone_name)
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


@transaction.atomic
def _celebrate(member: Member, *, year: int, as_of: datetime) -> bool:
    result = birthday_bonus(member=member, as_of=as_of)
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
    """Members whose birthday it is at ``as_of`` (``ledger.bonuses.birthdays``) get the birthday
    bonus (``ledger.bonuses.birthday_bonus``, once a year) and a greeting
    (``birthday:<member>:<year>``). Returns greetings sent."""
    return sum(
        _celebrate(member, year=today.year, as_of=as_of)
        for member, today in birthdays(as_of=as_of, chunk_size=BATCH)
    )


def re_engage_at_risk_members(*, as_of: datetime) -> int:
    """Email "at risk" members, and quiet members of the RFM segments the programme chose
    (``ledger.selectors.re_engagement_accounts``), their balance and what it is worth, once
    per quiet spell (``re-engagement:<member>:<date of last activity>``);
    marketing consent is checked when the email is sent. Returns how many notifications were
    new."""
    created, batch = 0, []
    for account in re_engagement_accounts(as_of=as_of).iterator(chunk_size=BATCH):
        batch.append(_re_engagement(account))
        if len(batch) == BATCH:
            created += notify_many(batch)
            batch = []
    return created + (notify_many(batch) if batch else 0)


def _re_engagement(account: AtRiskAccount) -> Notification:
    member = account.member
    if member is None:  # ``re_engagement_accounts`` are members' own accounts
        raise TypeError("a re-engagement email needs a member's account")
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
