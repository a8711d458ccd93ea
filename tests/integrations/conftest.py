import pytest
from rest_framework.test import APIClient

from apps.integrations.keys import create_api_key
from apps.integrations.scopes import ALL_SCOPES


@pytest.fixture
def make_key(db):
    def make(scopes=ALL_SCOPES, **options):
        return create_api_key(name=options.pop("name", "ERP"), scopes=list(scopes), **options)

    return make


@pytest.fixture
def client_for():
    """An API client sending ``Authorization: Bearer <key>``."""

    def make(key: str | None) -> APIClient:
        client = APIClient()
        if key is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make


@pytest.fixture
def api_key(make_key):
    return make_key()


@pytest.fixture
def api(api_key, client_for) -> APIClient:
    """A client whose key has every scope."""
    return client_for(api_key.key)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}, body
    assert body["code"] == code, body
    return body


class Receiver:
    """A local HTTP server standing in for an integrator's webhook receiver. It answers with
    the statuses in ``script`` in turn (then 200) and records every request it gets. It listens
    on ``address`` (default: a free port on 127.0.0.1), with TLS if given an ``ssl_context``
    (``url`` is then https)."""

    def __init__(self, script=(), address=("127.0.0.1", 0), ssl_context=None):
        import http.server
        import threading

        self.script = list(script)
        self.received: list[dict] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.script.pop(0) if receiver.script else 200
                receiver.received.append(
                    {"headers": dict(self.headers), "body": body, "answered": status}
                )
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"try later")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(address, Handler)
        host, self.port = self.server.server_address[:2]
        scheme = "http"
        if ssl_context is not None:
            self.server.socket = ssl_context.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://{host}:{self.port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def events(self, event_type: str | None = None) -> list[dict]:
        import json

        return [
            json.loads(item["body"])
            for item in self.received
            if event_type is None or item["headers"]["Storefront-Event-Type"] == event_type
        ]


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def fast_webhook_retries(monkeypatch):
    """Worker processes started after this retry webhooks after 0.3 s instead of 30 s."""
    monkeypatch.setenv("WEBHOOK_RETRY_BASE_SECONDS", "0.3")


@pytest.fixture
def webhook_worker(fast_webhook_retries, celery_worker_process):
    """A real Celery worker (``tests.conftest``) with fast webhook retries."""
    return celery_worker_process
