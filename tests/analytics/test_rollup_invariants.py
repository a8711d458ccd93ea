"""The rollups' invariant on random histories (hypothesis): several members over several days
earn (pending or at once, expiring within the period or not), spend at checkout and on rewards,
get adjusted both ways, refunded (clawbacks) and cancelled (restores), close their account,
change country and tier. For every day:

- opening + every movement = closing, where the opening is the previous day's closing (the
  figures are stored per day and dimensions; the totals must chain from day to day);
- the closing balance equals the sum of all accounts' available + pending at the day's end
  (after the release and expiry jobs ran for that moment), to the point, and so does its
  pending part;

- the points released from pending equal what the release job made available for that day
  (run before each operation and at the day's end, so that it does all the releasing);

whether a day is closed right at its end (before the expiry job wrote its entries) or after
later days happened.
"""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from apps.analytics.models import DailyFigures
from apps.analytics.rollups import close_day, day_bounds, net_movement
from apps.ledger import services
from apps.ledger.errors import InsufficientPoints
from apps.ledger.jobs import expire_due_lots, release_due_lots
from apps.ledger.models import PointsAccount
from apps.tiers.models import Tier, TierChange, TierStatus
from tests.analytics.test_rollups import at
from tests.factories import MemberFactory

FIRST_DAY = date(2026, 5, 4)
DAYS = 4
MEMBERS = 3
JUST_BEFORE = timedelta(microseconds=1)

KINDS = (
    *("earn", "earn_pending", "spend", "reward", "adjust_up", "adjust_down", "clawback"),
    *("restore", "forfeit", "move", "tier"),
)
operation = st.tuples(
    st.integers(0, DAYS - 1),  # day
    st.integers(0, 23),  # hour
    st.integers(0, MEMBERS - 1),  # member
    st.sampled_from(KINDS),
    st.integers(1, 400),  # points
    st.integers(0, 3),  # order (source) or days until expiry/availability
)


@pytest.fixture
def tiers(db):
    return [Tier.objects.create(name=f"T{rank}", rank=rank) for rank in (1, 2)]


def apply(operation, member, now, tiers, number):
    _day, _hour, _member, kind, points, extra = operation
    key = f"op{number}"
    source = f"order:{member.pk}{extra}"
    try:
        if kind in ("earn", "earn_pending"):
            available_at = now + timedelta(hours=6 + 13 * extra) if kind == "earn_pending" else now
            expires_at = now + timedelta(hours=5 + 17 * extra) if extra != 3 else None
            if (
                expires_at is not None
                and expires_at < available_at
                and expires_at.date() != available_at.date()
            ):
                # The ledger expires such a lot when it releases it, with an entry dated at
                # its expiry: on an earlier day, one that may be closed already. Kept to the
                # same day, where the figures can follow it.
                expires_at = available_at + timedelta(hours=1)
            services.earn(
                member=member,
                points=points,
                reason="r",
                idempotency_key=key,
                source=source,
                available_at=available_at,
                expires_at=expires_at,
            )
        elif kind in ("spend", "reward"):
            spend_source = source if kind == "spend" else f"redemption:{number}"
            services.spend(
                member=member, points=points, reason="r", idempotency_key=key, source=spend_source
            )
        elif kind in ("adjust_up", "adjust_down"):
            sign = 1 if kind == "adjust_up" else -1
            services.adjust(
                member=member,
                points=sign * points,
                reason="r",
                idempotency_key=key,
                actor=None,
                source="staff:1",
            )
        elif kind == "clawback":
            services.clawback(
                member=member, points=points, reason="r", idempotency_key=key, source=source
            )
        elif kind == "restore":
            services.restore(member=member, source=source, reason="r", idempotency_key=key)
        elif kind == "forfeit":
            services.forfeit_all(member=member, reason="r", idempotency_key=key)
        elif kind == "move":
            member.country = ["DE", "FR", "JP"][extra % 3]
            member.save(update_fields=["country"])
        else:
            tier = tiers[extra % 2]
            TierStatus.objects.update_or_create(
                member=member, defaults={"tier": tier, "since": now}
            )
            TierChange.objects.create(member=member, to_tier=tier, reason="r", created_at=now)
    except InsufficientPoints:
        pass


def pending_points():
    return PointsAccount.objects.aggregate(pending=Sum("pending"))["pending"] or 0


def release(moment) -> int:
    """Run the release job for ``moment``; the points it made available."""
    before = pending_points()
    release_due_lots(as_of=moment, now=moment)
    return before - pending_points()


def balances_at(moment):
    """Every account's available + pending after the expiry job ran for ``moment``."""
    expire_due_lots(as_of=moment, now=moment)
    totals = PointsAccount.objects.aggregate(available=Sum("available"), pending=Sum("pending"))
    return (totals["available"] or 0) + (totals["pending"] or 0), totals["pending"] or 0


def day_totals(day):
    rows = list(DailyFigures.objects.filter(day=day))
    closing = sum(row.closing_available + row.closing_pending for row in rows)
    pending = sum(row.closing_pending for row in rows)
    released = sum(row.points_released for row in rows)
    return closing, pending, sum(net_movement(row) for row in rows), released


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    operations=st.lists(operation, min_size=1, max_size=25),
    close_late=st.lists(st.booleans(), min_size=DAYS, max_size=DAYS),
)
@pytest.mark.django_db
def test_every_day_chains_and_equals_the_accounts(clock, tiers, operations, close_late):
    # Each example in a savepoint rolled back at its end: the next starts from an empty ledger.
    note(f"operations={operations!r} close_late={close_late!r}")
    with transaction.atomic():
        check_history(clock, tiers, operations, close_late)
        transaction.set_rollback(True)


def check_history(clock, tiers, operations, close_late):
    clock.set(at(FIRST_DAY, 0))
    members = [MemberFactory() for _ in range(MEMBERS)]
    operations = sorted(operations, key=lambda op: (op[0], op[1]))
    at_end, released = {}, {}
    number = 0
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        released[day] = 0
        for op in (op for op in operations if op[0] == offset):
            number += 1
            clock.set(at(day, op[1], number % 60))
            # What the operation would release first (settling its account), measured.
            released[day] += release(clock())
            apply(op, members[op[2]], clock(), tiers, number)
        end = day_bounds(day).end
        released[day] += release(end - JUST_BEFORE)
        if not close_late[offset]:  # closed at once: before the expiry job wrote its entries
            clock.set(end)
            close_day(day)
        at_end[day] = balances_at(end - JUST_BEFORE)
    clock.set(day_bounds(FIRST_DAY + timedelta(days=DAYS)).end)
    previous_closing = 0
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        close_day(day)  # a day closed at its end is left as it was
        closing, pending, movement, released_points = day_totals(day)
        assert previous_closing + movement == closing, day
        assert (closing, pending) == at_end[day], day
        assert released_points == released[day], day
        previous_closing = closing
