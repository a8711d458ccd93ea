"""Reads from a PostgreSQL streaming replica for the pages that only report (docs/operations.md,
"Read replica").

With ``DATABASE_REPLICA_URL`` set, the settings add the database alias ``replica``. Nothing
reads from it unless asked to, so writes, and every read that must see them, stay on the
primary:

- ``ReplicaReadsMiddleware`` reads from the replica for the safe requests (GET, HEAD) of the
  views named in ``REPLICA_READ_VIEWS`` (URL names; ``fnmatch`` patterns): the programme
  dashboard and its CSV, the points accounting report, the reporting API, the admin lists'
  CSV exports. The member 360 reads its history there (``reading_from_replica`` around it).
- **Read your writes**: a request that may write (POST, PUT, PATCH, DELETE) gives its client
  a cookie (``REPLICA_PIN_COOKIE``) for ``REPLICA_PIN_SECONDS``; while it lasts, that client's
  requests read from the primary, so a merchant who just adjusted points sees them at once on
  the next page, however far the replica lags.
- Inside a transaction on the primary (``atomic``) everything reads from the primary.
- Django's ORM is routed by ``ReplicaRouter``; raw SQL asks ``connection_for_reads()``.

Without ``DATABASE_REPLICA_URL`` every read goes to the primary, as before.
"""

import fnmatch
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reading: ContextVar[bool] = ContextVar("replica_reading", default=False)
_SAFE = frozenset({"GET", "HEAD"})


def configured() -> bool:
    return settings.USE_REPLICA and REPLICA in settings.DATABASES


def alias_for_reads() -> str:
    """The database alias a read should use now."""
    if _reading.get() and configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return REPLICA
    return DEFAULT_DB_ALIAS


def connection_for_reads() -> BaseDatabaseWrapper:
    """The connection for raw SQL that only reads (``connection`` stays the primary's)."""
    return connections[alias_for_reads()]


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads inside the block go to the replica, when there is one."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def reading_from_primary() -> Iterator[None]:
    token = _reading.set(False)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """The ORM's reads go where ``alias_for_reads`` says; writes and migrations to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        alias = alias_for_reads()
        return alias if alias == REPLICA else None

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same database, one a copy of the other

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db == REPLICA else None


def _reads_from_replica(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or request.method not in _SAFE:
        return False
    if request.COOKIES.get(settings.REPLICA_PIN_COOKIE):
        return False  # this client wrote moments ago: read its writes from the primary
    return any(fnmatch.fnmatchcase(match.view_name, each) for each in settings.REPLICA_READ_VIEWS)


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        response = self.get_response(request)
        token = getattr(request, "_replica_token", None)
        if token is not None:
            _reading.reset(token)
        if request.method not in _SAFE and request.method != "OPTIONS":
            response.set_cookie(
                settings.REPLICA_PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        if configured() and _reads_from_replica(request):
            request._replica_token = _reading.set(True)  # type: ignore[attr-defined]
