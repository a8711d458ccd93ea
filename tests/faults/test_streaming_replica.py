"""Reports from a real streaming replica (docs/operations.md, "Read replica"): a private primary
(``private_postgres``, a copy of the test database) and a hot standby made from it with
``pg_basebackup`` on a second port. A child process of the project, given
``DATABASE_REPLICA_URL``, writes on the primary and reads the reporting API and the member 360's
history from the standby, which refuses writes."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, child_environment

from .conftest import DATABASE, SUPERUSER, free_port

CHILD = r"""
import json, time
import django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from apps.backoffice.selectors import member_360
from apps.core import replica
from apps.integrations.keys import create_api_key
from apps.integrations.scopes import ALL_SCOPES
from apps.ledger import services as ledger
from apps.ledger.models import LedgerEntry
from tests.factories import MemberFactory

found = {"replica_in_recovery": None}
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    found["replica_in_recovery"] = cursor.fetchone()[0]
member = MemberFactory()  # on the primary
ledger.earn(member=member, points=70, reason="Order", idempotency_key="replica-test")
key = create_api_key(name="ERP", scopes=list(ALL_SCOPES))
started = time.monotonic()
while True:  # the standby replays the primary's WAL
    with replica.reading_from_replica():
        if LedgerEntry.objects.filter(account__member_id=member.pk).exists():
            break
    time.sleep(0.05)
found["replayed_after_seconds"] = round(time.monotonic() - started, 3)
with CaptureQueriesContext(connections["replica"]) as on_replica:
    page = member_360(member)
found["history_from_replica"] = [entry.points for entry in page.entries]
found["history_queries_on_replica"] = len(on_replica)
client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {key.key}")
with CaptureQueriesContext(connections["replica"]) as on_replica:
    report = client.get("/api/v1/reports/programme/", {"from": "2026-03-09", "to": "2026-03-11"})
found["report_status"] = report.status_code
found["report_queries_on_replica"] = len(on_replica)
try:
    with connections["replica"].cursor() as cursor:
        cursor.execute("UPDATE ledger_pointsaccount SET available = available")
    found["write_on_replica"] = "accepted"
except Exception as error:
    found["write_on_replica"] = type(error).__name__ + ": " + str(error).splitlines()[0]
print("RESULT " + json.dumps(found))
"""


@pytest.fixture
def standby(private_postgres):
    """A hot standby of ``private_postgres``, streaming from it, on a port of its own."""
    server = private_postgres
    data = server.directory / "standby"
    port = free_port()
    server._run(
        str(server.bin / "pg_basebackup"),
        *("-h", str(server.directory), "-p", str(server.port), "-U", SUPERUSER),
        # A fast checkpoint: the default spreads it over minutes of an idle server.
        *("-D", str(data), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"),
    )
    with (data / "postgresql.auto.conf").open("a") as conf:
        conf.write(f"port = {port}\nhot_standby = on\n")
    log = server.directory / "standby.log"
    log.write_text("")
    if server.as_root:
        shutil.chown(log, "postgres", "postgres")
    server._run(
        str(server.bin / "pg_ctl"),
        *("-D", str(data), "-l", str(log), "-w", "-t", "60", "start"),
    )
    try:
        yield f"postgres://{server.app[0]}:{server.app[1]}@127.0.0.1:{port}/{DATABASE}"
    finally:
        server._run(str(server.bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")


@pytest.mark.worker
def test_reports_and_the_member_360s_history_read_from_a_streaming_replica(
    private_postgres, standby
):
    env = child_environment(**private_postgres.environment(), DATABASE_REPLICA_URL=standby)

    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    line = next(each for each in result.stdout.splitlines() if each.startswith("RESULT "))
    found = json.loads(line.removeprefix("RESULT "))
    print(found)
    assert found["replica_in_recovery"] is True
    assert found["history_from_replica"] == [70]
    assert found["history_queries_on_replica"] >= 1
    assert found["report_status"] == 200
    assert found["report_queries_on_replica"] >= 1
    assert "read-only transaction" in found["write_on_replica"]
    assert found["replayed_after_seconds"] < 30
