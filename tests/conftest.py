import copy
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from djmoney.contrib.exchange.models import ExchangeBackend

from apps.currencies.services import set_exchange_rate
from tests.factories import MemberFactory, StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def _clean_cache():
    """Redis is shared by the whole run: each test starts with an empty cache."""
    from apps.catalog.caching import forget_local_fragments
    from apps.core.cache import ProcessMemo

    def forget() -> None:
        cache.clear()
        forget_local_fragments()
        for memo in ProcessMemo.every():
            memo.forget()

    forget()
    yield
    forget()


@pytest.fixture
def steady_caches(monkeypatch):
    """For tests that count queries: the per-process memos (``apps.core.cache.ProcessMemo``:
    the programme row, the tiers, the fraud thresholds; re-read every few seconds) hold for
    the whole test, so a busy
    machine taking longer than that between two requests does not add a re-read to one count.
    Each test still starts with them empty (``_clean_cache``)."""
    from apps.core.cache import ProcessMemo

    for memo in ProcessMemo.every():
        monkeypatch.setattr(memo, "seconds", 3600.0)


@pytest.fixture(autouse=True)
def _default_language():
    """Requests activate their language for the thread; each test starts in English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def member(db):
    return MemberFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def admin_user(db):
    """A superuser with TOTP two-factor set up, as staff must have to use the admin."""
    from allauth.mfa.totp.internal.auth import TOTP

    user = StaffFactory(email="merchant@example.com")
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def exchange_rates(db):
    """The demo's rates: 1 USD = 0.92 EUR, 151.20 JPY, ..."""
    from apps.demo.demo_data import EXCHANGE_RATES

    for currency, value in EXCHANGE_RATES.items():
        set_exchange_rate(currency=currency, value=value)
    return ExchangeBackend.objects.get(name="merchant")


@pytest.fixture
def database_owner(transactional_db):
    """A connection to the test database as its owner role, in autocommit, for tests that show
    what the database refuses even its owner, or that forge what the application's role may not
    write. A connection of its own: it sees committed rows only (hence ``transactional_db``)."""
    import psycopg2

    database = settings.DATABASES["default"]
    owner = psycopg2.connect(
        dbname=database["NAME"],
        user=database["OWNER"]["USER"],
        password=database["OWNER"]["PASSWORD"],
        host=database["OWNER"]["HOST"],
        port=database["OWNER"]["PORT"],
    )
    owner.autocommit = True
    yield owner
    owner.close()


def make_pending_lots_due(database_owner, member) -> None:
    """Time passes: the member's pending lots became available a minute ago (as the owner: the
    application's role may not write lots)."""
    with database_owner.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_pointslot SET available_at = now() - interval '1 minute' "
            "WHERE account_id = (SELECT id FROM ledger_pointsaccount WHERE member_id = %(m)s) "
            "AND NOT released;"
            "UPDATE ledger_pointsaccount SET next_due_at = now() - interval '1 minute' "
            "WHERE member_id = %(m)s",
            {"m": member.pk},
        )


def database_url_for_children() -> str:
    """DATABASE_URL of the test database pytest-django created, for child processes."""
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def child_environment(**extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    env["DATABASE_URL"] = database_url_for_children()
    env.update(extra)
    return env


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real `celery worker` process on the test database and the test Redis database."""
    with celery_worker(child_environment()) as process:
        yield process


@contextmanager
def celery_worker(env: dict, *, log_name: str = "celery-worker.log", queues: str = ""):
    """A real `celery worker` process with ``env``; this process queues its tasks to the
    worker (no eager mode) while it runs. It consumes ``queues`` (comma-separated, as
    `make run`'s workers do), or every queue."""
    log = ARTIFACTS / log_name
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                *([f"--queues={queues}"] if queues else []),
            ],
            cwd=ROOT,
            env={**env, "TEST_CELERY_WORKER": "1"},  # not eager (config/test_settings.py)
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        from apps.core import outbox
        from config.celery import app

        app.conf.task_always_eager = False
        outbox.memo.queued_task_seen_at = float("-inf")  # tasks seen queued: not this worker's
        try:
            _wait_for_line(log, "ready.", timeout=60, process=process)
            yield process
        finally:
            app.conf.task_always_eager = True
            process.terminate()
            process.wait(timeout=30)


def _wait_for_line(path: Path, text: str, *, timeout: float, process) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in path.read_text():
            return
        if process.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{path.read_text()}")
        time.sleep(0.2)
    raise TimeoutError(f"worker not ready:\n{path.read_text()}")


def wait_until(condition, *, timeout: float = 30.0, interval: float = 0.2):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def shipping_method(db):
    from tests.factories import ShippingMethodFactory

    return ShippingMethodFactory(price=40)


@pytest.fixture
def fake_stripe(settings):
    """The local fake Stripe API; settings point the real SDK at it.

    Webhooks are not sent by the fake unless a test gives it the live server's URL.
    """
    from tests.fakes.stripe_server import FakeStripe

    with FakeStripe() as fake:
        settings.STRIPE_SECRET_KEY = "sk_test_storefront"
        settings.STRIPE_API_BASE = fake.api_base
        settings.STRIPE_WEBHOOK_SECRET = fake.webhook_secret
        allow_form_action_to(settings, fake.api_base)  # its hosted payment page
        yield fake


@pytest.fixture
def fake_paypal(settings):
    from tests.fakes.paypal_server import FakePayPal

    with FakePayPal() as fake:
        settings.PAYPAL_CLIENT_ID = "client-id"
        settings.PAYPAL_CLIENT_SECRET = "client-secret"
        settings.PAYPAL_API_BASE = fake.endpoint
        settings.PAYPAL_WEBHOOK_ID = fake.webhook_id
        allow_form_action_to(settings, fake.endpoint)  # its approval page
        yield fake


def allow_form_action_to(settings, url: str) -> None:
    """Let the checkout's form lead to a fake provider's page, as it may to the real one's
    (Content-Security-Policy form-action)."""
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(url)
    settings.CONTENT_SECURITY_POLICY = policy


@pytest.fixture
def stripe_order(fake_stripe, db):
    """A EUR order (2 × 120.50 + 10.00 + 9.99 freight) whose buyer was sent to Stripe."""
    from decimal import Decimal

    from apps.payments.services import start_payment
    from tests.factories import make_order

    order = make_order(
        currency="EUR",
        rate="0.92",
        payment_method="stripe",
        lines=[(Decimal("120.50"), 2), (Decimal("10.00"), 1)],
        shipping=Decimal("9.99"),
    )
    url = start_payment(
        order=order, return_url="http://testserver/done", cancel_url="http://testserver/cancelled"
    )
    return order, url


class PrivateRedis:
    """A Redis server of the test's own on a free port, which the test may stop and start again
    (the shared test Redis must never go down under other tests). Nothing is persisted: a
    restart loses what was queued, as a crash would."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/15"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--loglevel", "warning"),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        wait_until(lambda: _answers(client), timeout=10, interval=0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _answers(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def seed_demo() -> None:
    """The local demo's catalogue, members and pages (seed_demo runs only with DEBUG on, since
    its logins' passwords are published in the README)."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0)
