"""The application's database role owns nothing: it may read the ledger but change it only
through the ledger's functions, and neither it nor (by mistake) the owner can empty it."""

from datetime import timedelta

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.core.database_roles import read_only_tables
from apps.ledger import services
from apps.ledger.jobs import expire_due_lots
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount
from apps.ledger.selectors import discrepancies
from tests.conftest import make_pending_lots_due
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LEDGER_TABLES = [
    "ledger_pointsaccount",
    "ledger_ledgerentry",
    "ledger_pointslot",
    "ledger_lotmovement",
]


def refused(statement: str, parameters=None) -> str:
    """Run ``statement`` as the application (in a savepoint) and return the database's refusal."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, parameters)
    return str(error.value)


@pytest.fixture
def earned(member):
    """A row in every ledger table: an earn (account, entry, lot) and a spend (movement)."""
    result = services.earn(member=member, points=100, reason="Seed", idempotency_key="seed")
    services.spend(member=member, points=1, reason="Spent", idempotency_key="spent")
    return result


def test_the_suite_runs_as_a_role_that_is_not_the_owner():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        role, superuser = cursor.fetchone()

    assert (
        role
        == settings.DATABASES["default"]["USER"]
        != settings.DATABASES["default"]["OWNER"]["USER"]
    )
    assert not superuser


def test_the_application_role_owns_no_table_function_or_sequence():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles "
            "WHERE rolname = current_user) UNION ALL SELECT proname FROM pg_proc "
            "WHERE proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
        )
        assert cursor.fetchall() == []


def test_the_ledger_tables_are_the_read_only_ones():
    assert sorted(read_only_tables()) == sorted(LEDGER_TABLES)


@pytest.mark.parametrize("table", LEDGER_TABLES)
def test_the_application_role_may_read_but_not_change_or_empty_a_ledger_table(table, earned):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constant names
        assert cursor.fetchone()[0] >= 1

    for statement in (
        f"UPDATE {table} SET id = id",  # noqa: S608
        f"DELETE FROM {table}",  # noqa: S608
        f"TRUNCATE {table} CASCADE",
        f"INSERT INTO {table} SELECT * FROM {table} LIMIT 1",  # noqa: S608
    ):
        assert "permission denied" in refused(statement), statement


@pytest.mark.parametrize("table", LEDGER_TABLES)
def test_the_application_role_cannot_disable_a_ledger_tables_triggers(table):
    assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")


def test_the_application_role_cannot_lock_an_account_for_update_itself(earned, member):
    assert "permission denied" in refused(
        "SELECT * FROM ledger_pointsaccount WHERE member_id = %s FOR UPDATE", [member.pk]
    )


def test_the_application_role_may_not_run_the_ledgers_inner_functions(earned):
    # The spend order alone would take points from lots without an entry's rules around it.
    assert "permission denied" in refused(
        "SELECT ledger_take_in_spend_order(%s, %s, 10, NULL)",
        [earned.entry.account_id, earned.entry.pk],
    )


def test_every_ledger_change_works_through_the_functions_as_the_application_role(member):
    """Earn, spend, adjust, clawback, closing: the services work without any write privilege."""
    services.earn(member=member, points=100, reason="A", idempotency_key="a", source="order:1")
    services.spend(member=member, points=30, reason="B", idempotency_key="b")
    services.adjust(
        member=member, points=-5, reason="C", idempotency_key="c", actor=None, source="x"
    )
    taken = services.clawback(
        member=member, points=100, reason="Refund", idempotency_key="d", source="order:1"
    )
    closed = services.forfeit_all(member=member, reason="Closed", idempotency_key="e")

    assert taken.entry.points == -65
    assert "35 points already spent" in taken.entry.reason
    assert closed is None  # nothing left to take


def test_a_due_account_is_settled_and_expired_by_the_functions_as_the_application_role(
    member, database_owner
):
    later = timezone.now() + timedelta(days=3)
    services.earn(member=member, points=40, reason="Order", idempotency_key="o", available_at=later)
    make_pending_lots_due(database_owner, member)

    services.earn(member=member, points=10, reason="Now", idempotency_key="n")  # settles first
    expired_at = timezone.now() + timedelta(days=1000)
    expire_due_lots(as_of=expired_at, now=expired_at)

    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (0, 0)
    assert LedgerEntry.objects.filter(kind=EntryKind.EXPIRE).get().points == -50
    assert discrepancies(account) == []


def test_the_owner_cannot_truncate_the_ledger_by_mistake(database_owner, earned):
    with database_owner.cursor() as cursor:
        for table in LEDGER_TABLES:
            with pytest.raises(psycopg2.errors.RestrictViolation, match="TRUNCATE"):
                cursor.execute(f"TRUNCATE {table} CASCADE")
        cursor.execute("SELECT count(*) FROM ledger_ledgerentry")
        assert cursor.fetchone()[0] == 2


def test_the_owner_may_empty_the_ledger_only_when_saying_so(database_owner, earned):
    database_owner.autocommit = False
    try:
        with database_owner.cursor() as cursor:
            cursor.execute("SET LOCAL storefront.allow_truncate = on")
            cursor.execute(f"TRUNCATE {', '.join(LEDGER_TABLES)} CASCADE")
            cursor.execute("SELECT count(*) FROM ledger_ledgerentry")
            assert cursor.fetchone()[0] == 0
    finally:
        database_owner.rollback()
        database_owner.autocommit = True


def test_emptying_a_test_database_empties_every_table_and_leaves_the_ledger_guarded(
    database_owner,
):
    # Tests that commit are followed by this flush; it deletes the rows of the tables that
    # have any (apps/core/postgres/base.py), setting the ledger's triggers aside meanwhile.
    member = MemberFactory()
    services.earn(member=member, points=100, reason="Seed", idempotency_key="seed")
    services.spend(member=member, points=1, reason="Spent", idempotency_key="spent")

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)

    models = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
    assert [m._meta.db_table for m in models if m.objects.exists()] == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgenabled FROM pg_trigger WHERE NOT tgisinternal"
        )
        triggers = cursor.fetchall()
    assert {table for table, _enabled in triggers} >= set(LEDGER_TABLES)
    assert {enabled for _table, enabled in triggers} == {"O"}  # every one on again
    services.earn(member=MemberFactory(), points=5, reason="After", idempotency_key="after")
    with database_owner.cursor() as cursor, pytest.raises(psycopg2.Error, match="immutable"):
        cursor.execute("DELETE FROM ledger_ledgerentry")  # its owner is refused again


def test_no_function_that_runs_as_its_owner_is_open_to_every_role():
    # A SECURITY DEFINER function writes as the tables' owner: only the roles it is granted to
    # may run it, never PUBLIC (PostgreSQL's default for a new function).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND p.prosecdef"
            " AND has_function_privilege('public', p.oid, 'EXECUTE')"
        )
        open_to_all = sorted(name for (name,) in cursor.fetchall())
        cursor.execute("SELECT count(*) FROM pg_proc WHERE prosecdef")
        (owners_functions,) = cursor.fetchone()

    assert owners_functions > 0 and open_to_all == []
