"""Settings for the test suite: the real settings, a dedicated Redis database, fast hashing."""

import hashlib
import os

os.environ.setdefault("DEBUG", "true")
# Tests never touch the Redis database a running `make run` uses, and parallel test workers
# (pytest-xdist: gw0, gw1, ...) each get their own, counting down from 15.
_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_redis_base = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15").rsplit("/", 1)
os.environ["REDIS_URL"] = f"{_redis_base[0]}/{int(_redis_base[1]) - _worker}"
os.environ.pop("CELERY_BROKER_URL", None)
# Links in emails are asserted on the default site URL, whatever a developer's .env sets for
# `make run` (e.g. another port).
os.environ["SITE_URL"] = "http://localhost:8000"

from .settings import *  # noqa: E402, F403

# The suite runs as the application's role, which owns nothing, and creates, migrates and empties
# its databases as the owner role, as production does (apps/core/database_roles.py). The roles
# are those of DATABASE_URL and DATABASE_OWNER_URL when both are set, else the local pair that
# scripts/services.sh creates.
_database = DATABASES["default"]  # noqa: F405
if "OWNER" not in _database:
    _database.update(USER="storefront_app", PASSWORD="storefront_app")  # noqa: S106
    _database["OWNER"] = {
        "USER": "storefront_owner",
        "PASSWORD": "storefront_owner",
        "HOST": _database["HOST"],
        "PORT": _database["PORT"],
    }
# Test databases are named after the checkout (and the role that owns them), so runs from two
# checkouts on one machine (CI's fresh clone and a developer's tree) never drop each other's
# databases.
_checkout = hashlib.sha256(f"{BASE_DIR}:{_database['OWNER']['USER']}".encode()).hexdigest()[:8]  # noqa: F405
_database["TEST"] = {"NAME": f"test_{_database['NAME']}_{_checkout}"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A test that delivers from a worker process through a local SMTP server sets this (and
# EMAIL_URL) in the worker's environment.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
# allauth's rate limits stay on (they are a security control) but generous enough for tests.
ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,50/5m/key", "signup": "200/m/ip"}
MFA_TOTP_INSECURE_BYPASS_CODE = None  # a developer .env may set one; tests use real codes
# Tasks run in-process unless a test starts a real worker (tests.conftest.celery_worker_process
# switches eager mode off for its duration). The worker process itself (TEST_CELERY_WORKER)
# sends what its tasks queue (retries, successors, event deliveries) to the broker, as a
# production worker does: eager, a retry would run at once inside the failing task, on the
# connection that just failed, and be given up after its last attempt.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("TEST_CELERY_WORKER") != "1"
CELERY_TASK_EAGER_PROPAGATES = True

# The replica's routing (apps/core/replica.py) is tested against a second connection to the test
# database; off unless a test turns it on (a test's uncommitted rows are not on "the replica").
# A process given DATABASE_REPLICA_URL (the streaming replica test's child) uses that replica.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {  # noqa: F405
        **{key: value for key, value in _database.items() if key != "OWNER"},
        "TEST": {"MIRROR": "default"},
    }
    USE_REPLICA = False
