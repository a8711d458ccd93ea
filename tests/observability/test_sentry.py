"""Errors go to Sentry when SENTRY_DSN is set (the official SDK, with its Django and Celery
integrations), tagged with the request id; nothing is set up without it. Sentry is a local HTTP
server here that records what the SDK sends."""

import gzip
import http.server
import subprocess
import sys
import threading

import sentry_sdk

from tests.conftest import ROOT, child_environment


def test_without_a_dsn_nothing_is_sent():
    assert not sentry_sdk.get_client().is_active()


class FakeSentry(http.server.ThreadingHTTPServer):
    def __init__(self):
        self.received: list[bytes] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "br":  # the SDK's choice when brotli is installed
                    import brotli

                    body = brotli.decompress(body)
                outer.received.append(body)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def test_with_a_dsn_errors_are_sent_with_the_request_id():
    server = FakeSentry()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    script = (
        "import django; django.setup()\n"
        "import sentry_sdk\n"
        "from apps.core import request_id\n"
        "client = sentry_sdk.get_client()\n"
        "print(sorted(name for name in client.integrations if name in ('django', 'celery')))\n"
        "with request_id.using('req-sentry-1'):\n"
        "    try:\n"
        "        1 / 0\n"
        "    except ZeroDivisionError:\n"
        "        sentry_sdk.capture_exception()\n"
        "sentry_sdk.flush(5)\n"
    )
    env = child_environment(SENTRY_DSN=f"http://public@127.0.0.1:{server.server_port}/1")
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        server.shutdown()

    assert result.returncode == 0, result.stderr
    assert "['celery', 'django']" in result.stdout
    sent = b"".join(server.received)
    assert b"ZeroDivisionError" in sent
    assert b'"request_id":"req-sentry-1"' in sent.replace(b" ", b"")
