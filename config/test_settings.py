"""Settings for the test suite: the real settings, a dedicated Redis database, fast hashing."""

import os

os.environ.setdefault("DEBUG", "true")
# Tests never touch the Redis database a running `make run` uses.
os.environ["REDIS_URL"] = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.pop("CELERY_BROKER_URL", None)

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# allauth's rate limits stay on (they are a security control) but generous enough for tests.
ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,50/5m/key", "signup": "200/m/ip"}
MFA_TOTP_INSECURE_BYPASS_CODE = None  # a developer .env may set one; tests use real codes
