"""The request id: one id per web request, carried into everything the request causes.

- **Web**: ``RequestIdMiddleware`` takes a well-formed incoming ``X-Request-ID`` (a proxy's or
  load balancer's) or makes one, keeps it for the request (``current()``), and answers with it
  in ``X-Request-ID``.
- **Logs**: ``RequestIdFilter`` puts it on every log record (``request_id``; the JSON
  formatter writes it out), with the Celery task's name and id inside a task.
- **Celery**: a task queued while an id is current carries it in its message headers
  (``before_task_publish``); the worker makes it current while the task runs (``task_prerun``),
  so the tasks those tasks queue carry it too.
- **Outbox**: events carry it in their ``request_id`` column (``outbox.write`` for events
  written from Python; for those the ledger's SQL functions write, the column's database
  default reads the setting ``storefront.request_id``, which ``in_database`` sets, local to
  the statement's transaction, for requests that may write and for tasks). The delivery makes
  the event's id current while its subscriber runs, so what the subscriber does (its logs,
  tasks, events) carries it on.
"""

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from celery import signals
from django.core.signals import request_finished
from django.db import connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# The database session setting the outbox's column default reads (migration core 0009).
DATABASE_SETTING = "storefront.request_id"
# What an incoming id may look like: printable, no spaces, bounded (it lands in logs and rows).
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,64}$")
# Requests that may write (and so write events from SQL): the others touch no setting.
_WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_MAY_WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "EXECUTE", "CALL")

_current: ContextVar[str] = ContextVar("request_id", default="")
_task: ContextVar[tuple[str, str]] = ContextVar("celery_task", default=("", ""))


def current() -> str:
    """The id of the request (or the task's originating request) being served; "" if none."""
    return _current.get()


def new() -> str:
    return uuid.uuid4().hex


def well_formed(value: str | None) -> str | None:
    """``value`` if it may be used as a request id, else None (a new one is made)."""
    if value and _WELL_FORMED.match(value):
        return value
    return None


@contextmanager
def using(request_id: str) -> Iterator[None]:
    """Make ``request_id`` current inside the block (the outbox's delivery, tests)."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


def in_database(execute, sql, params, many, context):
    """A database execute wrapper: while a request id is current, the statement runs after
    ``set_config('storefront.request_id', <id>, true)`` in the same round trip and
    transaction, so the outbox rows it writes (the ledger's SQL functions) get the id from the
    column's default. Adds a statement to the query text, never a round trip; a setting local
    to the transaction, so nothing is left on the persistent connection."""
    request_id = _current.get()
    if (
        not request_id
        or not isinstance(sql, str)
        or context["cursor"].cursor.name  # a server-side cursor's query is one statement
        # Statements that may write: never before transaction control (ROLLBACK TO SAVEPOINT
        # must run in an aborted transaction, where set_config would fail).
        or not sql.lstrip()[:8].upper().startswith(_MAY_WRITE)
    ):
        return execute(sql, params, many, context)
    if params is None:
        # No parameters: no interpolation either, so the id (well-formed: no quote) is
        # written as a literal and any % in the statement stays as it is.
        prefix = f"SELECT set_config('{DATABASE_SETTING}', '{request_id}', true); "
    elif isinstance(params, dict) or many:
        # Named parameters (or executemany): the literal, with % escaped for interpolation.
        prefix = f"SELECT set_config('{DATABASE_SETTING}', '{request_id}', true); ".replace(
            "%", "%%"
        )
    else:
        prefix = f"SELECT set_config('{DATABASE_SETTING}', %s, true); "
        params = [request_id, *params]
    return execute(prefix + sql, params, many, context)


class RequestIdMiddleware:
    """First in the chain: every response, even a refusal by a later middleware, has the id.
    Requests that may write (not GET, HEAD, OPTIONS) pass it to the database (``in_database``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = well_formed(request.headers.get(HEADER)) or new()
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is closed (``_forget_after_request``): Django logs a 4xx or
        # 5xx response ("Internal Server Error: ...") after the middleware returned it.
        _current.set(request_id)
        if request.method in _WRITING_METHODS:
            with connection.execute_wrapper(in_database):
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished)
def _forget_after_request(**_kwargs) -> None:
    _current.set("")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id``, ``task`` and ``task_id`` to every record (empty outside them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        record.task, record.task_id = _task.get()
        return True


# Celery --------------------------------------------------------------------------------------


@signals.before_task_publish.connect
def _put_in_headers(headers: dict | None = None, **_kwargs) -> None:
    request_id = _current.get()
    if headers is not None and request_id and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, tuple] = {}


@signals.task_prerun.connect
def _take_from_headers(task_id: str | None = None, task=None, **_kwargs) -> None:
    if task is None or task_id is None:
        return
    request = task.request
    # Custom headers of a sent message are the request's attributes; an eager task runs in the
    # caller's context, which already has the id.
    request_id = well_formed(getattr(request, TASK_HEADER, None)) or _current.get()
    tokens = (_current.set(request_id), _task.set((task.name, task_id)))
    # Every task passes the current id to the database (the outbox's delivery makes each
    # event's id current while its subscriber runs); not twice for an eager task in a request.
    wrapped = not request.is_eager and in_database not in connection.execute_wrappers
    if wrapped:
        connection.execute_wrappers.append(in_database)
    _task_tokens[task_id] = (*tokens, wrapped)


@signals.task_postrun.connect
def _forget_after_task(task_id: str | None = None, **_kwargs) -> None:
    state = _task_tokens.pop(task_id or "", None)
    if state is None:
        return
    request_token, task_token, wrapped = state
    if wrapped and in_database in connection.execute_wrappers:
        connection.execute_wrappers.remove(in_database)
    _current.reset(request_token)
    _task.reset(task_token)


# Sentry ----------------------------------------------------------------------------------------


def tag_sentry_event(event: dict, _hint: dict) -> dict:
    """Sentry's ``before_send``: the error carries the request id (search it in the logs)."""
    request_id = _current.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
