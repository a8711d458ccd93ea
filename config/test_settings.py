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

# Test databases are named after the checkout, so runs from two checkouts on one machine (CI's
# fresh clone and a developer's tree) never drop each other's databases.
_checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_checkout}"}  # noqa: F405

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
# switches eager mode off for its duration).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
