"""The TypeScript SDK (sdk/typescript, built with its pinned npm packages) against a live
server, through Node's own test runner."""

import os
import subprocess

import pytest

from .conftest import SDK

pytestmark = pytest.mark.worker  # a server and a worker process of their own

TYPESCRIPT = SDK / "typescript"


def build() -> None:
    if not (TYPESCRIPT / "node_modules" / ".bin" / "tsc").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=TYPESCRIPT, check=True
        )
    subprocess.run(
        [str(TYPESCRIPT / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.json"],
        cwd=TYPESCRIPT,
        check=True,
    )


def node_test(*files: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", "--test", "--test-reporter=tap", *files],
        cwd=TYPESCRIPT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_typescript_sdk_against_a_live_server(
    live_api, sdk_key, catalogue, celery_worker_process
):
    build()
    product, reward = catalogue
    result = node_test(
        "test/live.test.mjs",
        "test/retries.test.mjs",
        STOREFRONT_URL=live_api.url,
        STOREFRONT_API_KEY=sdk_key,
        STOREFRONT_SKU=product.sku,
        STOREFRONT_REWARD=str(reward.pk),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every test ran (none skipped for want of the server's address).
    assert "# pass 6" in result.stdout and "# skipped 0" in result.stdout, result.stdout
