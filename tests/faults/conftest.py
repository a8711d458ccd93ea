"""A PostgreSQL cluster of the test's own (``private_postgres``), which a fault test may restart
or stop: the shared server never goes down under other tests. It is made from scratch with the
installed PostgreSQL's ``initdb`` in a temporary directory, so it needs nothing running (a fresh
CI machine has the binaries from ``scripts/services.sh``). It gets the project's two roles, as
``scripts/services.sh`` creates them, and a copy of the suite's test database, which
pytest-django migrated as the owner role (``pg_dump``, owners and grants included: a second
``migrate`` from scratch takes half a minute on a busy two-core machine, the copy two seconds)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from tests.conftest import ARTIFACTS, wait_until
from tests.integrations.conftest import api, api_key, client_for, make_key  # noqa: F401

DATABASE = "storefront"
SUPERUSER = "postgres"


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's binaries (Debian keeps them out of PATH)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version)
    if not versions:
        pytest.fail("PostgreSQL is not installed (run scripts/services.sh)")
    return versions[-1].parent


def _version(path: Path) -> int:
    return int(path.parent.parent.name)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary directory on a free port of 127.0.0.1, with the
    project's owner and application roles and one migrated database. ``restart(mode)`` stops
    it (``fast``: clients are disconnected cleanly; ``immediate``: the server quits without a
    checkpoint, as in a crash, and recovers from its WAL on start) and starts it again.

    initdb and the server refuse to run as root: as root they run as the ``postgres`` user.
    The superuser connects only through the Unix socket in the cluster's directory (trust);
    over TCP every role needs its password."""

    def __init__(self, *, owner: tuple[str, str], app: tuple[str, str]):
        self.owner, self.app = owner, app  # (user, password)
        self.bin = postgres_bin()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="storefront-postgres-"))
        self.data = self.directory / "data"
        # In the cluster's directory (the server's user may not write in the checkout); copied
        # to test-artifacts/ at the end.
        self.log = self.directory / "server.log"
        self.as_root = os.geteuid() == 0
        self.running = False

    def _run(self, *command: str, **options) -> subprocess.CompletedProcess:
        if self.as_root:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, check=True, capture_output=True, text=True, **options)

    def create(self) -> None:
        self.log.write_text("")
        if self.as_root:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            *("-D", str(self.data), "-U", SUPERUSER, "--encoding=UTF8", "--locale=C.UTF-8"),
            *("--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"),
        )
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.directory}'",
            "fsync": "on",  # an immediate shutdown must find its WAL on disk
            "max_connections": "50",
            "shared_buffers": "32MB",
            "logging_collector": "off",
        }
        with (self.data / "postgresql.auto.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self.start()
        self._create_roles_and_database()

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.log, "postgres", "postgres")
        self._run(
            str(self.bin / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start"),
        )
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def restart(self, mode: str, *, pause: float = 0.0) -> float:
        """Stop (``fast`` or ``immediate``), wait ``pause`` seconds and start again; returns
        the seconds it was down."""
        stopped_at = time.monotonic()
        self.stop(mode)
        time.sleep(pause)
        self.start()
        return time.monotonic() - stopped_at

    def superuser(self):
        connection = psycopg2.connect(
            host=str(self.directory), port=self.port, user=SUPERUSER, dbname="postgres"
        )
        connection.autocommit = True
        return connection

    def _create_roles_and_database(self) -> None:
        # As scripts/services.sh creates them: the owner may create (test) databases; the
        # application's role gets its grants with the copy (``migrate`` gave them).
        connection = self.superuser()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f'CREATE ROLE "{self.owner[0]}" LOGIN CREATEDB PASSWORD %s', [self.owner[1]]
                )
                cursor.execute(f'CREATE ROLE "{self.app[0]}" LOGIN PASSWORD %s', [self.app[1]])
                cursor.execute(f'CREATE DATABASE {DATABASE} OWNER "{self.owner[0]}"')
        finally:
            connection.close()

    def copy_database(self, source: dict) -> None:
        """Copy the database ``source`` (Django's settings of a migrated database) here:
        schema, rows, owners and grants."""
        owner = source["OWNER"]
        dump = subprocess.run(
            [
                str(self.bin / "pg_dump"),
                *("-h", owner["HOST"], "-p", str(owner["PORT"]), "-U", owner["USER"]),
                *("--no-password", source["NAME"]),
            ],
            env={**os.environ, "PGPASSWORD": owner["PASSWORD"]},
            check=True,
            capture_output=True,
        )
        restore = subprocess.run(
            [
                str(self.bin / "psql"),
                *("-h", str(self.directory), "-p", str(self.port), "-U", SUPERUSER),
                *("-d", DATABASE, "-v", "ON_ERROR_STOP=1", "-q"),
            ],
            input=dump.stdout,  # a plain dump, as a backup is (tests/core/test_backup_restore)
            check=False,
            capture_output=True,
        )
        assert restore.returncode == 0, restore.stderr.decode()

    def url(self, role: tuple[str, str]) -> str:
        return f"postgres://{role[0]}:{role[1]}@127.0.0.1:{self.port}/{DATABASE}"

    def environment(self) -> dict:
        """What a process of the project needs to use this cluster (as `make run` sets it)."""
        return {"DATABASE_URL": self.url(self.app), "DATABASE_OWNER_URL": self.url(self.owner)}

    def answers(self) -> bool:
        try:
            psycopg2.connect(self.url(self.app), connect_timeout=1).close()
        except psycopg2.OperationalError:
            return False
        return True

    def remove(self) -> None:
        if self.running:
            self.stop("immediate")
        if self.log.exists():
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copy(self.log, ARTIFACTS / "private-postgres.log")
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def private_postgres(transactional_db):
    """A PostgreSQL cluster of this test's own holding a copy of the test database, with the
    same roles (see ``PrivatePostgres``)."""
    database = settings.DATABASES["default"]
    owner = database["OWNER"]
    server = PrivatePostgres(
        owner=(owner["USER"], owner["PASSWORD"]), app=(database["USER"], database["PASSWORD"])
    )
    try:
        server.create()
        server.copy_database(database)
        wait_until(server.answers, timeout=10)
        yield server
    finally:
        server.remove()
