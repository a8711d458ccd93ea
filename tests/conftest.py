import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from djmoney.contrib.exchange.models import ExchangeBackend

from apps.core.services import set_exchange_rate
from tests.factories import MemberFactory, StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def _clean_cache():
    """Redis is shared by the whole run: each test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


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
    from apps.core.demo_data import EXCHANGE_RATES

    for currency, value in EXCHANGE_RATES.items():
        set_exchange_rate(currency=currency, value=value)
    return ExchangeBackend.objects.get(name="merchant")


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
    log = ARTIFACTS / "celery-worker.log"
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
            ],
            cwd=ROOT,
            env=child_environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_line(log, "ready.", timeout=60, process=process)
            yield process
        finally:
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
