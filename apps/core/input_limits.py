"""Limits on what a client may send, checked once for every request before any view runs.

Input that no page or API call can accept is refused here with a clear, translated 4xx instead
of reaching a parser or the database and ending as a 500:

- a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``UPLOAD_MAX_BODY_SIZE`` for file
  uploads): 413 ``request_too_large``;
- a NUL character (PostgreSQL stores none) in the path, the query string, a header, a cookie
  or a form body: 400 ``null_character``;
- JSON nested deeper than ``JSON_MAX_DEPTH``: 400 ``parse_error``.

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
# A JSON string (escapes included): skipped when counting brackets.
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
JSON_BRACKET = re.compile(rb"[\[\]{}]")
# The escape of a NUL in a JSON string (jsonb and text columns store none), not preceded by a
# backslash that is itself escaped.
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
OPENING = frozenset(b"[{")


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
    if content_type == "application/x-www-form-urlencoded" and b"%00" in body:
        raise _nul()
    if "json" not in content_type:
        return
    if JSON_NUL.search(body):
        raise _nul()
    if json_depth_exceeds(body, settings.JSON_MAX_DEPTH):
        raise RefusedInput(
            400,
            "parse_error",
            _("The JSON is nested more than %(depth)s levels deep.")
            % {"depth": settings.JSON_MAX_DEPTH},
        )


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether the arrays and objects in ``body`` nest deeper than ``limit`` (strings, which
    may hold brackets, are left out). Malformed JSON is left to the parser."""
    depth = 0
    for bracket in JSON_BRACKET.finditer(JSON_STRING.sub(b"", body)):
        depth += 1 if bracket.group()[0] in OPENING else -1
        if depth > limit:
            return True
    return False


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
