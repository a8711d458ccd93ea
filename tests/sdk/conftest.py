"""The SDKs against a live server: gunicorn on a free port serving the test database."""

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from tests.conftest import ARTIFACTS, ROOT, child_environment

SDK = ROOT / "sdk"
# The Python SDK as an integrator installs it (sdk/python: the generated ``storefront_api`` and
# the hand-written ``storefront_sdk``), without installing it into the project's environment.
if str(SDK / "python") not in sys.path:
    sys.path.insert(0, str(SDK / "python"))


class LiveServer:
    """gunicorn (one worker, as deployed, not Django's test server) on a free port."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = ARTIFACTS / f"sdk-gunicorn-{self.port}.log"
        log.parent.mkdir(exist_ok=True)
        # Webhooks may go to the test's receiver on 127.0.0.1.
        self.media = tempfile.mkdtemp(prefix="sdk-media-")  # uploads (review photos)
        env = child_environment(WEBHOOKS_ALLOW_PRIVATE_URLS="true", MEDIA_ROOT=self.media)
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                    *("--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4"),
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"gunicorn did not answer:\n{log.read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            shutil.rmtree(self.media, ignore_errors=True)


@pytest.fixture
def live_api(transactional_db):
    server = LiveServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sdk_key(transactional_db):
    from apps.integrations.keys import create_api_key
    from apps.integrations.scopes import ALL_SCOPES

    return create_api_key(name="SDK", scopes=list(ALL_SCOPES)).key


@pytest.fixture
def catalogue(transactional_db):
    """A product to order offline and a reward to redeem."""
    from apps.rewards.models import Reward
    from tests.factories import ProductFactory

    product = ProductFactory(sku="SDK-VALVE-1", stock_quantity=100)
    reward = Reward.objects.create(name_en="Sample kit", kind="free_sample", points_cost=200)
    return product, reward
