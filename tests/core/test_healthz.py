import subprocess
import sys

import pytest

from tests.conftest import ROOT, child_environment


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_redis_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "redis": True}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_unavailable_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": False}


def test_healthz_is_unavailable_when_the_database_does_not_answer():
    """A separate process whose DATABASE_URL points at a port where no PostgreSQL listens."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = child_environment(DATABASE_URL="postgres://storefront:storefront@127.0.0.1:1/storefront")

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.startswith("503 "), result.stdout + result.stderr
    assert '"database": false' in result.stdout
    assert '"redis": true' in result.stdout
