"""SQL files that migrations load.

SQL that carries business rules (the ledger's functions and triggers, the API's one-statement
points write) lives in ``apps/<app>/sql/``, not in Python strings, and the rule is not repeated
in Python. A file is named after the migration that loads it first (``0019_earn_spend.sql``)
and is never edited once released: a change is a new file, holding the whole function or trigger
as it is now, loaded by a new migration. So each migration creates exactly what it created when
it was written, on a new database as on an old one (``tests/core/test_sql_files.py`` keeps the
released files' checksums), and two versions of a function compare with ``diff``.
"""

from pathlib import Path

APPS = Path(__file__).resolve().parent.parent


def sql_file(app_label: str, name: str) -> str:
    """The text of ``apps/<app_label>/sql/<name>``."""
    return (APPS / app_label / "sql" / name).read_text()
