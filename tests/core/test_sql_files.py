"""SQL that carries business rules lives in versioned files that migrations load, unchanged once
released (``apps/core/sql_files.py``), and no migration rewrites another's SQL."""

import hashlib
import re
from pathlib import Path

import pytest
from django.db import connection

from apps.core.database_roles import database_functions
from apps.ledger import services
from apps.ledger.models import REASON_LENGTH, SOURCE_LENGTH, LedgerEntry, PointsLot

ROOT = Path(__file__).resolve().parents[2]
# A released file never changes (a migration on some database has run it as it is): a change is
# a new file, loaded by a new migration, added here.
RELEASED = {
    "apps/catalog/sql/0006_search_ngrams.sql": "2bbcd4dacbac054b",
    "apps/catalog/sql/0011_search_functions_qualified.sql": "c6ca67f50fdbb752",
    "apps/integrations/sql/0002_points_once.sql": "4c16e5fde94061f9",
    "apps/ledger/sql/0010_earn_spend.sql": "40a42fad257a1655",
    "apps/ledger/sql/0012_earn_spend_return_pending.sql": "345ebb8c4ba587b6",
    "apps/ledger/sql/0019_clawback_forfeit.sql": "b291178c3873655b",
    "apps/ledger/sql/0019_due.sql": "ff0a3974f80aae6d",
    "apps/ledger/sql/0019_earn_spend.sql": "a1ac542b234dd149",
    "apps/ledger/sql/0019_guards.sql": "f0bef4ae5a016c2f",
    "apps/ledger/sql/0022_release_skips_held.sql": "d492339e4226f3ef",
    "apps/ledger/sql/0025_company_accounts.sql": "328bbd84208e7a37",
    "apps/ledger/sql/0029_buyer_earn_spend.sql": "9ed63570d0fd8075",
}


def test_released_sql_files_are_never_edited():
    found = {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(ROOT.glob("apps/*/sql/*.sql"))
    }

    assert found == RELEASED


def test_every_sql_file_is_loaded_by_the_migration_it_is_named_after():
    for name in RELEASED:
        path = Path(name)
        number = path.name.split("_", 1)[0]
        (migration,) = (ROOT / path.parent.parent / "migrations").glob(f"{number}_*.py")
        assert f'sql_file("{path.parent.parent.name}", "{path.name}")' in migration.read_text()


def test_no_migration_imports_another_to_rewrite_its_sql():
    # Migration 0012 once took 0010's SQL and replaced parts of it.
    for migration in ROOT.glob("apps/*/migrations/0*.py"):
        source = migration.read_text()
        assert not re.search(r"import_module\(.*migrations|from \S*migrations\S* import", source)


def test_sql_functions_are_not_written_in_python_migrations():
    pattern = re.compile(r"CREATE (OR REPLACE )?FUNCTION (ledger|integrations)_", re.IGNORECASE)
    for migration in ROOT.glob("apps/*/migrations/0*.py"):
        source = migration.read_text()
        # 0002 (immutable entries) predates the files; 0019_guards.sql recreates its function.
        if migration.name != "0002_immutable_entries.py":
            assert not pattern.search(source), migration


@pytest.mark.django_db
def test_the_functions_the_application_runs_run_as_their_owner_with_a_fixed_search_path():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, prosecdef, proconfig FROM pg_proc WHERE proname = ANY(%s)",
            [database_functions()],
        )
        rows = {name: (definer, config) for name, definer, config in cursor.fetchall()}

    assert set(rows) == set(database_functions())
    for name, (definer, config) in rows.items():
        if name.startswith("ledger_"):
            assert definer, name
            assert any(item.startswith("search_path=") and "pg_temp" in item for item in config)


@pytest.mark.django_db
def test_long_texts_are_cut_to_their_columns_before_the_database(member):
    result = services.earn(
        member=member,
        points=5,
        reason="r" * (REASON_LENGTH + 50),
        source="s" * (SOURCE_LENGTH + 50),
        idempotency_key="long",
    )

    entry = LedgerEntry.objects.get(pk=result.entry.pk)
    assert (len(entry.reason), len(entry.source)) == (REASON_LENGTH, SOURCE_LENGTH)
    assert len(PointsLot.objects.get(entry=entry).source) == SOURCE_LENGTH
    assert result.entry.reason == entry.reason
