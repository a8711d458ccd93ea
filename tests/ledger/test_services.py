"""The ledger's services: lots, FIFO, pending points, idempotency, no negative balances."""

from datetime import timedelta

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from apps.ledger import services
from apps.ledger.errors import IdempotencyConflict, InsufficientPoints, InvalidPoints
from apps.ledger.jobs import expire_due_lots, release_due_lots
from apps.ledger.models import EntryKind, LedgerEntry, LotMovement, PointsAccount, PointsLot
from apps.ledger.selectors import balance, discrepancies

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]

NOW = timezone.now


def earn(member, points, key, **kwargs):
    return services.earn(member=member, points=points, reason="test", idempotency_key=key, **kwargs)


def spend(member, points, key, **kwargs):
    return services.spend(
        member=member, points=points, reason="test", idempotency_key=key, **kwargs
    )


def assert_consistent(member):
    assert discrepancies(PointsAccount.objects.get(member=member)) == []


def test_spend_consumes_the_soonest_expiring_lot_first(member):
    later = earn(member, 100, "a", expires_at=NOW() + timedelta(days=300)).entry
    sooner = earn(member, 100, "b", expires_at=NOW() + timedelta(days=30)).entry
    never = earn(member, 100, "c", expires_at=None).entry

    spend(member, 150, "s")

    remaining = {lot.entry_id: lot.remaining for lot in PointsLot.objects.all()}
    assert remaining == {sooner.pk: 0, later.pk: 50, never.pk: 100}
    assert balance(member).available == 150
    assert_consistent(member)


def test_spending_more_than_available_is_refused_and_changes_nothing(member):
    earn(member, 100, "a")
    earn(member, 500, "p", available_at=NOW() + timedelta(days=14))  # pending is not spendable

    with pytest.raises(InsufficientPoints) as refused:
        spend(member, 101, "s")

    assert refused.value.code == "insufficient_points"
    assert LedgerEntry.objects.filter(kind=EntryKind.SPEND).count() == 0
    assert (balance(member).available, balance(member).pending) == (100, 500)
    assert_consistent(member)


def test_the_same_key_gives_the_same_result_without_a_second_effect(member):
    first = earn(member, 100, "order-7")
    again = earn(member, 100, "order-7")

    assert again.replayed and not first.replayed
    assert again.entry.pk == first.entry.pk
    assert balance(member).available == 100


def test_the_same_key_with_other_arguments_is_a_conflict(member):
    earn(member, 100, "order-7")

    with pytest.raises(IdempotencyConflict):
        earn(member, 120, "order-7")
    assert balance(member).available == 100


@pytest.mark.parametrize("points", [0, -5, 2.5, True])
def test_points_are_positive_whole_numbers(member, points):
    with pytest.raises(InvalidPoints):
        earn(member, points, "x")


def test_pending_points_become_available_when_the_window_passes(member):
    earn(member, 80, "o", available_at=NOW() + timedelta(days=14))
    assert (balance(member).available, balance(member).pending) == (0, 80)

    release_due_lots(as_of=NOW() + timedelta(days=15), now=NOW())

    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (80, 0)
    # The member sees what the job decided; a read "as of" today still tells the dates apart.
    assert (balance(member).available, balance(member).pending) == (80, 0)
    assert balance(member, as_of=NOW()).pending == 80
    assert_consistent(member)


def test_expiry_removes_what_is_left_of_due_lots_once(member):
    earn(member, 100, "a", expires_at=NOW() + timedelta(days=10))
    earn(member, 40, "b", expires_at=NOW() + timedelta(days=400))
    spend(member, 30, "s")
    later = NOW() + timedelta(days=11)

    expire_due_lots(as_of=later, now=later)
    expire_due_lots(as_of=later, now=later)

    (expired,) = LedgerEntry.objects.filter(kind=EntryKind.EXPIRE)
    assert expired.points == -70
    assert balance(member, as_of=later).available == 40
    assert_consistent(member)


def test_lots_expiring_together_make_one_entry_that_each_lot_records(member):
    midnight = (NOW() + timedelta(days=10)).replace(hour=0, minute=0, second=0, microsecond=0)
    earn(member, 100, "a", expires_at=midnight)
    earn(member, 20, "b", expires_at=midnight)
    earn(member, 5, "c", expires_at=midnight + timedelta(days=1))
    later = midnight + timedelta(days=2)

    expire_due_lots(as_of=later, now=later)

    entries = LedgerEntry.objects.filter(kind=EntryKind.EXPIRE).order_by("created_at")
    assert [(e.points, e.created_at) for e in entries] == [
        (-120, midnight),
        (-5, midnight + timedelta(days=1)),
    ]
    lots = PointsLot.objects.filter(account__member=member).order_by("id")
    assert [(lot.remaining, lot.expired_points, lot.expired_by_id) for lot in lots] == [
        (0, 100, entries[0].pk),
        (0, 20, entries[0].pk),
        (0, 5, entries[1].pk),
    ]
    assert not LotMovement.objects.filter(entry__in=entries).exists()
    assert_consistent(member)


def test_a_partly_spent_lot_records_only_what_expired(member):
    earn(member, 100, "a", expires_at=NOW() + timedelta(days=10))
    spend(member, 30, "s")
    later = NOW() + timedelta(days=11)

    expire_due_lots(as_of=later, now=later)

    lot = PointsLot.objects.get(account__member=member)
    assert (lot.points, lot.remaining, lot.expired_points) == (100, 0, 70)
    assert lot.expired_by.points == -70


def test_the_integrity_check_compares_expiry_entries_with_what_their_lots_recorded(
    member, database_owner
):
    earn(member, 100, "a", expires_at=NOW() + timedelta(days=10))
    later = NOW() + timedelta(days=11)
    expire_due_lots(as_of=later, now=later)
    account = PointsAccount.objects.get(member=member)
    assert discrepancies(account) == []

    with database_owner.cursor() as cursor:  # the application's role may not write lots
        cursor.execute(  # not what was taken
            "UPDATE ledger_pointslot SET expired_points = 60 WHERE account_id = %s", [account.pk]
        )

    assert any("expiry entries" in problem for problem in discrepancies(account))


def test_the_sql_functions_return_entries_in_the_models_field_order():
    fields = [field.attname for field in LedgerEntry._meta.concrete_fields]

    assert list(services.ENTRY_COLUMNS) == fields


def test_the_database_refuses_an_expiry_record_on_a_lot_with_points_left(member, database_owner):
    earned = earn(member, 100, "a").entry
    lot = PointsLot.objects.get(account__member=member)

    with pytest.raises(psycopg2.errors.CheckViolation), database_owner.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_pointslot SET expired_by_id = %s, expired_points = 100 WHERE id = %s",
            [earned.pk, lot.pk],
        )


def test_clawback_takes_the_order_lot_first_then_others_and_never_goes_negative(member):
    earn(member, 100, "other")
    earn(member, 50, "purchase", source="order:1", available_at=NOW() + timedelta(days=14))
    spend(member, 90, "s")

    result = services.clawback(
        member=member, points=80, reason="Refund", idempotency_key="c", source="order:1"
    )

    assert result.entry.points == -60  # 50 pending from the order + the 10 left elsewhere
    assert "20 points already spent" in result.entry.reason
    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (0, 0)
    assert_consistent(member)


def test_restore_gives_back_spent_points_with_their_original_expiry(member):
    expiry = NOW() + timedelta(days=60)
    earn(member, 100, "a", expires_at=expiry)
    spend(member, 70, "s", source="order:9")

    restored = services.restore(
        member=member, source="order:9", reason="Cancelled", idempotency_key="r"
    )
    services.restore(member=member, source="order:9", reason="Cancelled", idempotency_key="r")

    assert [r.entry.points for r in restored] == [70]
    assert PointsLot.objects.get(entry=restored[0].entry).expires_at == expiry
    assert balance(member).available == 100
    assert_consistent(member)


def test_entries_cannot_be_changed_or_deleted_even_by_the_tables_owner(member, database_owner):
    entry = earn(member, 10, "a").entry

    with database_owner.cursor() as cursor:
        for statement in (
            "UPDATE ledger_ledgerentry SET points = 1000 WHERE id = %s",
            "DELETE FROM ledger_ledgerentry WHERE id = %s",
        ):
            with pytest.raises(psycopg2.errors.RestrictViolation, match="immutable"):
                cursor.execute(statement, [entry.pk])


def test_the_database_refuses_a_negative_balance_even_past_the_services(member, database_owner):
    earn(member, 10, "a")

    with pytest.raises(psycopg2.errors.CheckViolation), database_owner.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_pointsaccount SET available = -1 WHERE member_id = %s", [member.pk]
        )


def test_writes_settle_an_account_only_when_something_is_due(member):
    from django.test.utils import CaptureQueriesContext

    earn(member, 100, "a", expires_at=NOW() + timedelta(days=300))
    with CaptureQueriesContext(connection) as quiet:
        earn(member, 10, "b", expires_at=NOW() + timedelta(days=300))
    assert not [q for q in quiet.captured_queries if "WITH due AS" in q["sql"]]

    earn(member, 50, "c", expires_at=NOW() - timedelta(seconds=1))  # restored, already expired
    spend(member, 110, "s")  # settling first expires the 50: the 110 come from the others

    assert PointsAccount.objects.get(member=member).available == 0
    assert LedgerEntry.objects.filter(kind=EntryKind.EXPIRE).get().points == -50
    assert_consistent(member)


@pytest.mark.django_db(transaction=True)
def test_balances_read_with_prepared_statements_survive_a_new_connection(member):
    services.earn(member=member, points=120, reason="r", idempotency_key="e1")
    assert balance(member).available == 120  # prepared on this connection

    connection.close()  # a new connection has no prepared statements
    services.earn(member=member, points=30, reason="r", idempotency_key="e2")

    assert balance(member).available == 150
