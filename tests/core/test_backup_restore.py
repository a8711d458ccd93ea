"""A plain ``pg_dump`` of the database (docs/operations.md, backups) restores into a fresh
database with every function, generated search column, owner and grant, and the ledger in it
balances (`manage.py check_ledger` passes there)."""

import os
import subprocess
import sys
from contextlib import closing

import psycopg2
import pytest
from django.conf import settings

from apps.ledger import services as ledger
from tests.conftest import ROOT, child_environment
from tests.factories import MemberFactory, ProductFactory


def pg(tool: str, owner: dict, *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool, "-h", owner["HOST"], "-p", str(owner["PORT"]), "-U", owner["USER"], *args],
        env={**os.environ, "PGPASSWORD": owner["PASSWORD"]},
        capture_output=True,
        check=False,
        **options,
    )


def check_ledger(database: dict, name: str) -> subprocess.CompletedProcess:
    """``manage.py check_ledger`` in a process of its own on the database ``name``."""
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{name}"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check_ledger"],
        cwd=ROOT,
        env=child_environment(DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_plain_dump_restores_into_a_fresh_database_and_its_ledger_balances():
    member = MemberFactory()
    ledger.earn(member=member, points=700, reason="seed", idempotency_key="b1")
    ledger.spend(member=member, points=200, reason="use", idempotency_key="b2")
    ProductFactory(name_en="Industrial valve", name_zh_hans="工业阀门")
    database = settings.DATABASES["default"]
    owner = {**database, **database.get("OWNER", {})}
    copy = f"{database['NAME']}_restored"[:63]

    dump = pg("pg_dump", owner, "--no-password", database["NAME"])
    assert dump.returncode == 0, dump.stderr.decode()
    pg("dropdb", owner, "--if-exists", copy)
    assert pg("createdb", owner, copy).returncode == 0
    try:
        restore = pg("psql", owner, "-d", copy, "-v", "ON_ERROR_STOP=1", "-q", input=dump.stdout)
        assert restore.returncode == 0, restore.stderr.decode()
        # closing(): a psycopg2 connection's own "with" ends the transaction, not the
        # connection, and an open connection would keep dropdb from removing the copy.
        with (
            closing(
                psycopg2.connect(
                    host=owner["HOST"],
                    port=owner["PORT"],
                    user=owner["USER"],
                    password=owner["PASSWORD"],
                    dbname=copy,
                )
            ) as restored,
            restored.cursor() as cursor,
        ):
            # The search column was computed again on restore, with the functions.
            cursor.execute(
                "SELECT count(*) FROM catalog_product "
                "WHERE search_zh_hans @@ catalog_ngram_query('阀门')"
            )
            assert cursor.fetchone() == (1,)
            # Balances equal their entries and their lots (the ledger's invariants).
            cursor.execute(
                "SELECT a.available + a.pending, "
                "  (SELECT sum(points) FROM ledger_ledgerentry e WHERE e.account_id = a.id), "
                "  (SELECT sum(remaining) FROM ledger_pointslot l WHERE l.account_id = a.id) "
                "FROM ledger_pointsaccount a JOIN members_member m ON m.id = a.member_id "
                "WHERE m.id = %s",
                [member.pk],
            )
            assert cursor.fetchone() == (500, 500, 500)
            # The whole check an operator runs after a restore (docs/operations.md, "Backups"),
            # as the application's role: it passes, and fails once a balance is broken.
            passed = check_ledger(database, copy)
            assert passed.returncode == 0, passed.stderr
            assert "The ledger adds up" in passed.stdout
            cursor.execute(
                "UPDATE ledger_pointsaccount SET available = available + 1 WHERE member_id = %s",
                [member.pk],
            )
            restored.commit()
            failed = check_ledger(database, copy)
            assert failed.returncode == 1
            assert "1 points accounts do not add up" in failed.stderr
    finally:
        dropped = pg("dropdb", owner, "--if-exists", copy)
    assert dropped.returncode == 0, dropped.stderr.decode()
