"""Holding a member's pending points (fraud alerts): the release skips them until lifted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.ledger import holds, services
from apps.ledger.errors import InsufficientPoints
from apps.ledger.jobs import release_due_lots
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount, PointsLot
from apps.ledger.selectors import balance, discrepancies
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now


def earn_pending(member, points, key, *, days=14):
    return services.earn(
        member=member,
        points=points,
        reason="test",
        idempotency_key=key,
        source=f"order:{key}",
        available_at=NOW() + timedelta(days=days),
    )


def assert_consistent(member):
    assert discrepancies(PointsAccount.objects.get(member=member)) == []


def test_a_held_members_pending_lot_is_not_released_and_others_are(member):
    other = MemberFactory()
    earn_pending(member, 300, "a")
    earn_pending(other, 200, "b")
    holds.hold_pending_points(member=member, source="risk-alert:1", reason="review")

    release_due_lots(as_of=NOW() + timedelta(days=15), now=NOW())

    assert PointsLot.objects.get(account__member=member).released is False
    assert PointsLot.objects.get(account__member=other).released is True
    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (0, 300)
    assert_consistent(member)


@pytest.fixture
def due_member(database_owner):
    """A member whose 300 pending points became due a minute ago (not released yet), with 50
    available and 100 pending for ten more days."""
    member = MemberFactory()
    earn_pending(member, 300, "a")
    services.earn(member=member, points=50, reason="bonus", idempotency_key="bonus")
    earn_pending(member, 100, "later", days=10)
    with database_owner.cursor() as cursor:  # the application's role may not write lots
        cursor.execute(
            "UPDATE ledger_pointslot SET available_at = now() - interval '1 minute' "
            "WHERE entry_id = (SELECT id FROM ledger_ledgerentry WHERE idempotency_key = 'a');"
            "UPDATE ledger_pointsaccount SET next_due_at = now() - interval '1 minute' "
            "WHERE member_id = %(m)s",
            {"m": member.pk},
        )
    return member


def test_a_held_member_reads_their_due_points_as_pending_and_cannot_spend_them(due_member):
    holds.hold_pending_points(member=due_member, source="risk-alert:1")

    assert (balance(due_member).available, balance(due_member).pending) == (50, 400)
    later = balance(due_member, as_of=NOW() + timedelta(days=30))
    assert (later.available, later.pending) == (50, 400)
    # A write settles the account first: the held lot stays pending; 51 points are too many.
    with pytest.raises(InsufficientPoints):
        services.spend(member=due_member, points=51, reason="test", idempotency_key="spend")
    assert PointsLot.objects.get(entry__idempotency_key="a").released is False
    assert_consistent(due_member)


def test_lifting_the_hold_releases_what_is_due(due_member):
    member = due_member
    holds.hold_pending_points(member=member, source="risk-alert:1")
    release_due_lots(as_of=NOW(), now=NOW())
    assert balance(member).available == 50

    assert holds.lift_points_hold(member=member, source="risk-alert:1") is True

    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (350, 100)  # only what is due
    assert holds.lift_points_hold(member=member, source="risk-alert:1") is False
    assert_consistent(member)


def test_a_member_held_twice_is_released_when_both_holds_are_lifted(due_member):
    member = due_member
    holds.hold_pending_points(member=member, source="risk-alert:1")
    holds.hold_pending_points(member=member, source="risk-alert:2")
    holds.hold_pending_points(member=member, source="risk-alert:2")  # the same hold

    holds.lift_points_hold(member=member, source="risk-alert:1")
    release_due_lots(as_of=NOW(), now=NOW())
    assert PointsAccount.objects.get(member=member).available == 50

    holds.lift_points_hold(member=member, source="risk-alert:2")
    assert PointsAccount.objects.get(member=member).available == 350


def test_clawing_back_pending_points_takes_only_the_pending_lots(member):
    services.earn(member=member, points=80, reason="bonus", idempotency_key="bonus")
    earn_pending(member, 300, "a")
    earn_pending(member, 200, "b")
    holds.hold_pending_points(member=member, source="risk-alert:1")

    results = holds.claw_back_pending_points(
        member=member, reason="Fraud alert confirmed", idempotency_key="risk-alert:1"
    )
    again = holds.claw_back_pending_points(
        member=member, reason="Fraud alert confirmed", idempotency_key="risk-alert:1"
    )

    assert sorted(result.entry.points for result in results) == [-300, -200]
    assert again == []
    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (80, 0)
    assert LedgerEntry.objects.filter(kind=EntryKind.CLAWBACK).count() == 2
    assert_consistent(member)
