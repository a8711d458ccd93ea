"""Shared plumbing for the fake payment provider servers.

Each fake is a ``ThreadingHTTPServer`` bound to ``127.0.0.1`` on a free port and
served from a daemon thread. Subclasses of :class:`FakeServer` implement
:meth:`FakeServer.handle`, which turns a :class:`RecordedRequest` into a
:class:`Response`; everything else (threading, recording, HTML and JSON helpers,
webhook delivery) lives here.
"""

from __future__ import annotations

import html
import json
import secrets
import string
import threading
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "FakeServer",
    "Headers",
    "RecordedRequest",
    "Response",
    "WebhookDelivery",
    "add_query",
    "deliver",
    "html_page",
    "random_token",
    "random_upper",
]

_ALNUM_UPPER = string.ascii_uppercase + string.digits
_ALNUM = string.ascii_letters + string.digits


def random_token(length: int = 24, alphabet: str = _ALNUM) -> str:
    """Return a random string of ``length`` characters drawn from ``alphabet``."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def random_upper(length: int) -> str:
    """Return a random string of upper-case letters and digits (PayPal style ids)."""
    return random_token(length, _ALNUM_UPPER)


class Headers(Mapping[str, str]):
    """Read-only, case-insensitive view of HTTP headers that keeps the sent spelling."""

    def __init__(self, items: Mapping[str, str] | list[tuple[str, str]] | None = None) -> None:
        pairs = list(items.items()) if isinstance(items, Mapping) else list(items or [])
        self._data: dict[str, tuple[str, str]] = {k.lower(): (k, v) for k, v in pairs}

    def __getitem__(self, key: str) -> str:
        return self._data[key.lower()][1]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._data

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._data.values())

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it.

    ``params`` holds the parsed body for requests that have one (form fields as
    nested dicts/lists for Stripe, JSON for PayPal) and the parsed query string
    otherwise. ``headers`` looks names up case-insensitively.
    """

    method: str
    path: str
    query: str
    headers: Headers
    params: Any
    body: bytes

    def json(self) -> Any:
        """Decode the raw body as JSON."""
        return json.loads(self.body or b"null")


@dataclass
class Response:
    """What a fake answers: status, body and extra headers."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, payload: Any, status: int = 200, **headers: str) -> Response:
        """Build a JSON response (pretty-printed like both providers do)."""
        body = json.dumps(payload, indent=2).encode()
        return cls(status, body, "application/json", dict(headers))

    @classmethod
    def html(cls, markup: str, status: int = 200) -> Response:
        """Build an HTML response."""
        return cls(status, markup.encode(), "text/html; charset=utf-8")

    @classmethod
    def redirect(cls, location: str, status: int = 303) -> Response:
        """Build a redirect response."""
        return cls(status, b"", "text/plain; charset=utf-8", {"Location": location})


@dataclass(frozen=True)
class WebhookDelivery:
    """One webhook POST the fake made to the app (``status`` is 0 if it never got an answer)."""

    event_id: str
    event_type: str
    url: str
    status: int
    body: bytes
    headers: dict[str, str]
    error: str | None = None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Providers treat a redirect as a failed delivery, so never follow one."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def deliver(url: str, body: bytes, headers: Mapping[str, str], timeout: float = 30.0) -> int:
    """POST ``body`` to ``url`` and return the HTTP status; raise ``OSError`` if unreachable."""
    request = urllib.request.Request(url, data=body, method="POST", headers=dict(headers))
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return int(exc.code)


def add_query(url: str, params: Mapping[str, str]) -> str:
    """Append ``params`` to the query string of ``url``, keeping any it already has."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def html_page(title: str, body: str, *, lang: str = "en") -> str:
    """Wrap ``body`` (already-escaped markup) into a small accessible HTML document."""
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "</head>\n"
        "<body>\n"
        f"<main>\n<h1>{html.escape(title)}</h1>\n{body}\n</main>\n"
        "</body>\n"
        "</html>\n"
    )


class FakeServer:
    """Base class: a threaded local HTTP server that records every request."""

    #: Human-readable name used in thread names and error messages.
    name = "fake"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.requests: list[RecordedRequest] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._base_url = ""

    # -- lifecycle ----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if not self._base_url:
            raise RuntimeError(f"{self.name} server is not running; use it as a context manager")
        return self._base_url

    def start(self) -> Self:
        """Bind to a free port on 127.0.0.1 and serve from a daemon thread."""
        if self._httpd is not None:
            return self
        handler = _make_handler(self)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        host, port = httpd.server_address[:2]
        self._base_url = f"http://{host}:{port}"
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{self.name}-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        httpd, thread = self._httpd, self._thread
        self._httpd = self._thread = None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- requests -------------------------------------------------------------------

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        """Recorded requests with this method and exact path."""
        with self.lock:
            return [r for r in self.requests if r.method == method.upper() and r.path == path]

    def parse_body(self, content_type: str, body: bytes) -> Any:
        """Turn a request body into ``RecordedRequest.params``; subclasses refine this."""
        if not body:
            return {}
        if content_type.startswith("application/json"):
            try:
                return json.loads(body)
            except ValueError:
                return None
        return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))

    def handle(self, request: RecordedRequest) -> Response:
        """Answer one request; implemented by each fake."""
        raise NotImplementedError

    def internal_error(self, exc: BaseException) -> Response:
        """Answer an unexpected exception in :meth:`handle` (shown to the test, not hidden)."""
        return Response(500, traceback.format_exc().encode(), "text/plain; charset=utf-8")

    def _record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.requests.append(request)


def _make_handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    """Build a request handler class bound to ``server``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = f"{server.name}/1.0"
        sys_version = ""

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            headers = Headers(list(self.headers.items()))
            content_type = headers.get("Content-Type", "")
            if self.command in ("GET", "DELETE", "HEAD") and not body:
                params: Any = server.parse_body(
                    "application/x-www-form-urlencoded", parts.query.encode()
                )
            else:
                params = server.parse_body(content_type, body)
            request = RecordedRequest(self.command, parts.path, parts.query, headers, params, body)
            server._record(request)
            try:
                response = server.handle(request)
            except Exception as exc:
                response = server.internal_error(exc)
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet; tests inspect ``server.requests`` instead."""

    return Handler
