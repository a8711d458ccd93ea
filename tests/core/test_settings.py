"""The project frame: production settings, migrations, the compose file."""

import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "postgres://storefront_app:app-secret@127.0.0.1:5432/storefront",
    "DATABASE_OWNER_URL": "postgres://storefront_owner:owner-secret@127.0.0.1:5432/storefront",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PATH": "/usr/bin:/bin",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("role", ["application", "owner"])
def test_deploy_checks_warn_when_the_app_connects_as_the_tables_owner(django_db_setup, role):
    database = settings.DATABASES["default"]
    credentials = database["OWNER"] if role == "owner" else database
    url = (
        f"postgres://{credentials['USER']}:{credentials['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": url, "DATABASE_OWNER_URL": ""}

    result = run_manage(
        "check", "--deploy", "--database", "default", "--fail-level", "WARNING", env=env
    )

    output = result.stdout + result.stderr
    if role == "owner":
        assert result.returncode != 0 and "storefront.W001" in output, output
    else:
        assert result.returncode == 0, output


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_bypass_code_for_two_factor_is_ignored_in_production():
    env = {**PRODUCTION_ENV, "MFA_TOTP_INSECURE_BYPASS_CODE": "000000"}

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.MFA_TOTP_INSECURE_BYPASS_CODE)",
        env=env,
    )

    assert result.stdout.strip().splitlines()[-1] == "None", result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    output = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=output)

    assert "No changes detected" in output.getvalue()


def _settings_variable_names() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    names |= set(re.findall(r'_social_provider\("([A-Z]+)"', source))
    for prefix in re.findall(r'_social_provider\("([A-Z]+)"', source):
        names |= {f"{prefix}_CLIENT_ID", f"{prefix}_CLIENT_SECRET"}
    names |= set(re.findall(r'env\(f"\{prefix\}_([A-Z_]+)"', source))
    return names


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_runs_the_whole_stack_with_the_settings_variables():
    services = compose()["services"]

    workers = ("worker-ledger", "worker-notifications", "worker-webhooks")
    assert {"postgres", "redis", "migrate", "web", *workers, "beat", "mailpit"} <= set(services)
    assert services["web"]["command"][:2] == ["gunicorn", "config.wsgi"]
    assert "manage.py migrate" in services["migrate"]["command"]
    assert services["migrate"]["restart"] == "no"
    for worker in workers:
        assert services[worker]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    for name in ("web", *workers, "beat"):
        assert services[name]["build"] == "."
        assert set(services[name]["depends_on"]) == {"postgres", "redis", "migrate"}
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    known = _settings_variable_names()
    for name in ("migrate", "web", *workers, "beat"):
        used = set(services[name]["environment"])
        assert used <= known, f"{name} sets variables the settings never read: {used - known}"
        assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "ALLOWED_HOSTS"} <= used


def _url_parts(url: str) -> tuple[str, str, str]:
    """(user, password, rest) of a compose database URL."""
    user, rest = url.removeprefix("postgres://").split(":", 1)
    password, rest = rest.rsplit("@", 1)
    return user, password, rest


def test_compose_runs_the_app_as_a_role_that_owns_nothing_and_has_no_default_password():
    services = compose()["services"]
    postgres = services["postgres"]["environment"]
    app_user, app_password, where = _url_parts(services["web"]["environment"]["DATABASE_URL"])
    owner_user, owner_password, owner_where = _url_parts(
        services["migrate"]["environment"]["DATABASE_OWNER_URL"]
    )

    assert app_user not in {postgres["POSTGRES_USER"], owner_user, "postgres"}
    assert owner_user != postgres["POSTGRES_USER"]
    assert where == owner_where == f"postgres:5432/{postgres['POSTGRES_DB']}"
    # Every password must be given: "${VAR:?message}", never "${VAR:-default}" or a literal.
    for password in (app_password, owner_password, postgres["POSTGRES_PASSWORD"]):
        assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]*\}", password), password
    # Only the one-off migration service may act as the owner.
    for name, service in services.items():
        if name != "migrate":
            assert "DATABASE_OWNER_URL" not in service.get("environment", {}), name
    for name in ("web", "worker-ledger", "worker-notifications", "worker-webhooks", "beat"):
        assert services[name]["environment"]["DATABASE_URL"].startswith(f"postgres://{app_user}:")


def test_compose_creates_both_roles_on_the_databases_first_start():
    services = compose()["services"]
    postgres = services["postgres"]
    script_mount = next(v for v in postgres["volumes"] if "docker-entrypoint-initdb.d" in v)
    script = (ROOT / script_mount.split(":")[0]).read_text()
    app_user = _url_parts(services["web"]["environment"]["DATABASE_URL"])[0]
    owner_user = _url_parts(services["migrate"]["environment"]["DATABASE_OWNER_URL"])[0]

    assert f"CREATE ROLE {owner_user} LOGIN PASSWORD :'owner_password';" in script
    assert f"CREATE ROLE {app_user} LOGIN PASSWORD :'app_password';" in script
    assert f"OWNER TO {owner_user};" in script
    assert {"DATABASE_OWNER_PASSWORD", "DATABASE_APP_PASSWORD"} <= set(postgres["environment"])
    assert "$DATABASE_OWNER_PASSWORD" in script and "$DATABASE_APP_PASSWORD" in script


def test_compose_database_and_redis_match_the_app_urls():
    environment = compose()["services"]["web"]["environment"]

    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    assert environment["EMAIL_URL"].endswith("smtp://mailpit:1025}")


def test_the_redis_cache_keeps_its_client():
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client  # not a new redis.Redis per operation
    cache.set("kept-client", 42)
    assert cache.get("kept-client") == 42
    assert cache.add("kept-client", 1) is False
