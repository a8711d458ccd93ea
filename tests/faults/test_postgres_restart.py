"""PostgreSQL restarted under load (a cluster of the test's own: ``conftest.private_postgres``).

Integrators earn points through the API of a real gunicorn (four concurrent clients, each
request with its own Idempotency-Key), a real Celery worker delivers the outbox's events (the
``points.earned`` webhook to a local receiver), and the database is restarted twice under them:
once with a fast shutdown (sessions terminated cleanly) and once with an immediate one (no
checkpoint, crash recovery from the WAL). Then the refused earns are sent again while the worker
is stalled, and the database goes down once more with their events undelivered: the worker
meets it down and nothing but its own retries will deliver them. Afterwards:

- every earn answered 2xx is in the ledger exactly once; every other answer was a 503 with
  ``Retry-After`` (never a 500), and each of those earns, sent again with its Idempotency-Key,
  is in the ledger exactly once;
- every ``points.earned`` event reached the receiver (none lost; a repeat would carry the same
  event id, so one effect), and the outbox and the webhook deliveries are done;
- every account adds up (``apps.ledger.selectors.discrepancies``);
- web and worker recover by themselves: the figures are printed (run with ``-s``).
"""

import itertools
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg2
import pytest
import redis
from django.conf import settings

from config.celery import NOTIFICATIONS_QUEUE
from tests.conftest import ARTIFACTS, ROOT, celery_worker, child_environment, wait_until
from tests.core.test_event_faults import run
from tests.integrations.conftest import Receiver

from .conftest import free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

CLIENTS = 4
SETUP = """
import json, os
import django
django.setup()
from apps.integrations.keys import create_api_key
from apps.integrations.scopes import ALL_SCOPES
from apps.integrations.webhooks.endpoints import create_endpoint
from tests.factories import MemberFactory
members = [MemberFactory().pk for _ in range(3)]
key = create_api_key(name="ERP", scopes=list(ALL_SCOPES)).key
create_endpoint(url=os.environ["RECEIVER_URL"], events=["points.earned"])
print(json.dumps({"members": members, "key": key}))
"""
# What is in the database afterwards, as the application sees it.
CHECK = """
import json
import signal
import django
django.setup()
from collections import Counter
from apps.core.models import EventDelivery, OutboxEvent
from apps.integrations.models import WebhookDelivery
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount
from apps.ledger.selectors import discrepancies
earned = LedgerEntry.objects.filter(kind=EntryKind.EARN)
print(json.dumps({
    "reasons": Counter(earned.filter(reason__startswith="Load ").values_list("reason", flat=True)),
    "earned_entries": sorted(earned.values_list("pk", flat=True)),
    "discrepancies": {a.pk: discrepancies(a) for a in PointsAccount.objects.all()},
    "outbox": OutboxEvent.objects.count(),
    "event_deliveries": list(EventDelivery.objects.values("subscriber", "attempts", "last_error")),
    "webhooks": Counter(WebhookDelivery.objects.values_list("status", flat=True)),
}))
"""
# Events not yet handed to every subscriber, and webhooks not yet delivered.
WAITING = """
SELECT (SELECT count(*) FROM core_outboxevent) + (SELECT count(*) FROM core_eventdelivery)
    + (SELECT count(*) FROM integrations_webhookdelivery WHERE status <> 'delivered')
"""


def waiting(server) -> int:
    """What the worker has still to do (asked cheaply: this is polled while it works)."""
    with psycopg2.connect(server.url(server.app)) as connection, connection.cursor() as cursor:
        cursor.execute(WAITING)
        (count,) = cursor.fetchone()
    connection.close()
    return count


@contextmanager
def gunicorn(env: dict):
    """The web application under gunicorn (production settings, `DEBUG` on for plain HTTP):
    two worker processes of two threads, each thread with its persistent connection. Yields a
    function that waits until it answers and returns its address (it starts meanwhile)."""
    port = free_port()
    log = ARTIFACTS / "gunicorn-postgres-restart.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"),
                *("--preload", "--timeout", "30", "--access-logfile", "-"),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"

        def ready() -> str:
            wait_until(lambda: _answers(f"{base}/healthz", process, log), timeout=60)
            return base

        try:
            yield ready
        finally:
            process.terminate()
            process.wait(timeout=30)


def _answers(url: str, process, log) -> bool:
    if process.poll() is not None:
        raise RuntimeError(f"gunicorn exited:\n{log.read_text()}")
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Answer:
    number: int
    started: float
    ended: float
    status: int  # 0: no HTTP answer
    retry_after: str | None = None
    code: str | None = None


@dataclass
class Load:
    """``CLIENTS`` threads earning points through the API until stopped, each call with a
    reason and Idempotency-Key of its own ("Load <n>", "load-<n>")."""

    base: str
    key: str
    members: list[int]
    answers: list[Answer] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self):
        self.numbers = itertools.count()
        self.threads = [threading.Thread(target=self._client) for _ in range(CLIENTS)]

    def earn(self, number: int) -> Answer:
        member = self.members[number % len(self.members)]
        request = urllib.request.Request(
            f"{self.base}/api/v1/members/{member}/points/earn/",
            data=json.dumps({"points": 1 + number % 7, "reason": f"Load {number}"}).encode(),
            headers={
                "Authorization": f"Bearer {self.key}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"load-{number}",
            },
            method="POST",
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return Answer(number, started, time.monotonic(), response.status)
        except urllib.error.HTTPError as error:
            body = error.read()
            code = json.loads(body).get("code") if body.startswith(b"{") else None
            return Answer(
                number, started, time.monotonic(), error.code, error.headers["Retry-After"], code
            )
        except OSError:
            return Answer(number, started, time.monotonic(), 0)

    def _client(self) -> None:
        while not self.stopping.is_set():
            answer = self.earn(next(self.numbers))
            self.answers.append(answer)
            time.sleep(0.4 if answer.status == 201 else 1)  # a client backs off a little

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def recovered_after(self, back_at: float) -> float:
        """Seconds from ``back_at`` (the server accepting connections again) until the end of
        the last failed call that started after it (0: none failed)."""
        failed = [a.ended for a in self.answers if a.started >= back_at and a.status >= 300]
        return max(failed, default=back_at) - back_at

    def successes_after(self, moment: float) -> int:
        return sum(1 for a in self.answers if a.started >= moment and a.status == 201)


def test_postgres_restarts_under_load_lose_nothing_and_apply_each_earn_once(private_postgres):
    env = child_environment(**private_postgres.environment())
    web_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "REDIS_URL": settings.REDIS_URL,  # this test run's Redis database, as the worker's
        "WEBHOOKS_ALLOW_PRIVATE_URLS": "true",
    }
    # Failed deliveries come back within seconds, not half a minute (the test has no beat).
    worker_env = {**env, "WEBHOOK_RETRY_BASE_SECONDS": "0.3", "EVENT_RETRY_BASE_SECONDS": "0.3"}
    figures = {}
    with Receiver() as receiver, gunicorn(web_env) as web_ready:  # it starts meanwhile
        setup = json.loads(run(SETUP, {**env, "RECEIVER_URL": receiver.url}))
        # E-mails wait in their queue (emptied afterwards): the worker's time goes to the
        # outbox and the webhooks, whose every event is checked.
        with celery_worker(
            worker_env, queues="ledger,webhooks", log_name="worker-postgres-restart.log"
        ) as worker:
            base = web_ready()
            with Load(base, setup["key"], setup["members"]) as load:
                wait_until(lambda: load.successes_after(0) >= 10, timeout=30)
                for mode in ("fast", "immediate"):
                    # Down at least a second: every client meets it.
                    down_for = private_postgres.restart(mode, pause=1)
                    back_at = time.monotonic()
                    # The load goes on until the clients have had some answers since.
                    wait_until(lambda at=back_at: load.successes_after(at + 1) >= 10, timeout=30)
                    figures[mode] = (down_for, load.recovered_after(back_at))
            answers = {a.number: a for a in load.answers}
            failed = sorted(n for n, a in answers.items() if a.status != 201)
            worker.send_signal(signal.SIGSTOP)  # the worker stalls: their events wait
            retried = {n: load.earn(n) for n in failed}  # the same Idempotency-Key
            # The database goes down with those events undelivered; the worker resumes and
            # meets it down, and no new traffic will ask for their delivery again.
            private_postgres.stop("immediate")
            worker.send_signal(signal.SIGCONT)
            time.sleep(2)
            private_postgres.start()
            back_at = time.monotonic()
            try:
                wait_until(lambda: waiting(private_postgres) == 0, timeout=120, interval=0.5)
            except AssertionError as error:  # say what is left, and what the worker said
                log = (ARTIFACTS / "worker-postgres-restart.log").read_text()[-6000:]
                raise AssertionError(f"{error}: {run(CHECK, env)}\n{log}") from None
            drained_in = time.monotonic() - back_at
        outcome = json.loads(run(CHECK, env))
        received = Counter(event["data"]["entry"]["id"] for event in receiver.events())
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(NOTIFICATIONS_QUEUE)

    statuses = Counter((a.status, a.code, a.retry_after) for a in answers.values())
    for mode, (down_for, recovered) in figures.items():
        print(f"{mode}: down {down_for:.1f} s, API earns failing {recovered:.1f} s after it")
    print(f"{len(answers)} earns: {dict(statuses)}")
    print(f"outbox and webhooks done {drained_in:.1f} s after the database was back")
    print(f"webhook events received: {sum(received.values())}, distinct {len(received)}")

    assert len(answers) >= 40 and failed  # the restarts did meet requests
    refused = {(a.status, a.code, a.retry_after) for n, a in answers.items() if n in failed}
    assert refused <= {(503, "service_unavailable", "30")}, statuses  # no 500, no hang-up
    assert all(answer.status == 201 for answer in retried.values())
    counts = outcome["reasons"]
    assert counts == {f"Load {n}": 1 for n in answers}  # each earn once, accepted or retried
    assert outcome["discrepancies"] == {str(a): [] for a in outcome["discrepancies"]}
    assert (outcome["outbox"], outcome["event_deliveries"]) == (0, [])
    assert set(received) == set(outcome["earned_entries"])  # no event lost
    assert outcome["webhooks"] == {"delivered": len(outcome["earned_entries"])}
