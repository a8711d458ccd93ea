"""Limits on what a client may send, checked once for every request before any view runs.

Input that no page or API call can accept is refused here with a clear, translated 4xx instead
of reaching a parser or the database and ending as a 500:

- a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``UPLOAD_MAX_BODY_SIZE`` for file
  uploads): 413 ``request_too_large``;
- a NUL character (PostgreSQL stores none) in the path, the query string, a header, a cookie,
  a form or any other body (also as ``\\u0000`` in a JSON string): 400 ``null_character``;
- JSON (any body that is not a form) nested deeper than ``JSON_MAX_DEPTH`` or with more than
  ``JSON_MAX_CONTAINERS`` arrays and objects: 400 ``parse_error``.

Answers under ``/api/`` have the API's error shape (``{"code", "detail", "fields"}``); pages
get a small page of their own in the visitor's language (the request has not reached the
session or locale middleware, so the language comes from the path or ``Accept-Language``).
What each field may hold (lengths, ranges, types) is validated by the forms and serializers.
"""

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

API_PATH_PREFIX = "/api/"
NUL = "\x00"
# A JSON string (escapes included): skipped when counting brackets. The "unrolled loop" form
# runs at C speed even over megabytes of one string (no alternation per character).
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_A_BRACKET = bytes(byte for byte in range(256) if byte not in b"[]{}")
OBJECTS_AS_ARRAYS = bytes.maketrans(b"{}", b"[]")
BACKSLASH = ord("\\")


class RefusedInput(Exception):
    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


class InputLimitsMiddleware:
    """Refuses oversized, NUL-carrying and too deeply nested requests (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with translation.override(translation.get_language_from_request(request, check_path=True)):
            try:
                check_request(request)
            except RefusedInput as refused:
                return refusal_response(request, refused)
        return self.get_response(request)


def check_request(request: HttpRequest) -> None:
    """Raises ``RefusedInput`` for input no view can accept."""
    _check_no_nul_outside_body(request)
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        if _declared_length(request) > settings.UPLOAD_MAX_BODY_SIZE:
            raise _too_large()
        return
    body = _body(request)
    if NUL.encode() in body:
        raise _nul()
    if content_type == "application/x-www-form-urlencoded":
        if b"%00" in body:
            raise _nul()
        return
    # Any other body may be JSON to the view that reads it, whatever it is labelled (the
    # payment webhooks parse theirs as JSON).
    if has_escaped_nul(body):
        raise _nul()
    check_json_shape(body)


def has_escaped_nul(body: bytes) -> bool:
    r"""Whether a JSON string in ``body`` holds ``\u0000`` (jsonb and text columns store no
    NUL): the escape not preceded by an escaped backslash (``\\u0000`` is text)."""
    start = body.find(rb"\u0000")
    while start != -1:
        backslashes = 0
        while start - backslashes > 0 and body[start - backslashes - 1] == BACKSLASH:
            backslashes += 1
        if backslashes % 2 == 0:
            return True
        start = body.find(rb"\u0000", start + 1)
    return False


def check_json_shape(body: bytes) -> None:
    """Raises ``RefusedInput`` (400 ``parse_error``) for JSON whose arrays and objects nest
    deeper than ``JSON_MAX_DEPTH`` or number more than ``JSON_MAX_CONTAINERS``.

    Without parsing, linear and at C speed (this runs before authentication): strings, which
    may hold brackets, are dropped; the brackets left, objects written as arrays, lose their
    innermost pairs ("[]") in each pass, and pairs left after ``JSON_MAX_DEPTH`` passes nest
    deeper. Malformed JSON is left to the parser.
    """
    limit = settings.JSON_MAX_DEPTH
    if body.count(b"[") + body.count(b"{") <= limit:  # cannot nest deeper than it opens
        return
    brackets = JSON_STRING.sub(b"", body).translate(OBJECTS_AS_ARRAYS, NOT_A_BRACKET)
    if len(brackets) > 2 * settings.JSON_MAX_CONTAINERS:
        raise RefusedInput(
            400,
            "parse_error",
            _("The JSON has more than %(count)s arrays and objects.")
            % {"count": settings.JSON_MAX_CONTAINERS},
        )
    if nests_deeper(brackets, limit):
        raise RefusedInput(
            400,
            "parse_error",
            _("The JSON is nested more than %(depth)s levels deep.") % {"depth": limit},
        )


def nests_deeper(brackets: bytes, limit: int) -> bool:
    """Whether ``brackets`` (only "[" and "]") nest deeper than ``limit``."""
    for _level in range(limit):
        if b"[]" not in brackets:
            return False
        brackets = brackets.replace(b"[]", b"")
    return b"[]" in brackets


def _check_no_nul_outside_body(request: HttpRequest) -> None:
    query = request.META.get("QUERY_STRING", "")
    texts = [request.path_info, query, *request.COOKIES.values()]
    texts += [value for key, value in request.META.items() if key.startswith("HTTP_")]
    if "%00" in query or any(isinstance(text, str) and NUL in text for text in texts):
        raise _nul()


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _body(request: HttpRequest) -> bytes:
    if _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise _too_large()
    try:
        return request.body
    except RequestDataTooBig:  # no or a false Content-Length
        raise _too_large() from None


def _too_large() -> RefusedInput:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return RefusedInput(
        413,
        "request_too_large",
        _("The request is larger than the %(size)s kB we accept.") % {"size": limit // 1024},
    )


def _nul() -> RefusedInput:
    return RefusedInput(
        400, "null_character", _("The request contains a NUL character, which is never valid.")
    )


def refusal_response(request: HttpRequest, refused: RefusedInput) -> HttpResponse:
    if request.path_info.startswith(API_PATH_PREFIX):
        body = {"code": refused.code, "detail": refused.detail, "fields": {}}
        # UTF-8 as the API's renderer writes it, not \u escapes.
        return JsonResponse(body, status=refused.status, json_dumps_params={"ensure_ascii": False})
    page = render_to_string("core/refused_request.html", {"detail": refused.detail})
    return HttpResponse(page, status=refused.status)
