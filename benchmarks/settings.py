"""Production-shaped settings for benchmarks: DEBUG off, plain HTTP on localhost."""

import os

os.environ["DEBUG"] = "false"  # even when a developer's .env (sourced) says true
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
