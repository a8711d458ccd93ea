"""When points become available and when they expire, in the member's own calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from apps.members.models import Member


def zone_named(name: str) -> ZoneInfo:
    """The time zone ``name`` (a member's ``timezone``); UTC when empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def member_zone(member: Member) -> ZoneInfo:
    return zone_named(getattr(member, "timezone", ""))


def local_date(member: Member, moment: datetime) -> date:
    """The calendar date in the member's own time zone at ``moment``."""
    return moment.astimezone(member_zone(member)).date()


def expiry_for(*, earned_at: datetime, months: int | None, zone: ZoneInfo) -> datetime | None:
    """Points earned at ``earned_at`` stay usable through the whole local day ``months`` later.

    ``None`` months means they never expire. The result is the next local midnight, so a member
    in Tokyo and one in Los Angeles who earn at the same instant each keep their points until
    the end of the same calendar date in their own time zone.
    """
    if months is None:
        return None
    last_day = earned_at.astimezone(zone).date() + relativedelta(months=months)
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
