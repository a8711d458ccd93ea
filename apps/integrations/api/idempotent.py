"""The ``Idempotency-Key`` header on API writes (see ``integrations.idempotency``)."""

from collections.abc import Callable
from typing import Any, Literal, overload

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from ..idempotency import StoredResponse, request_fingerprint, run_once
from .authentication import request_api_key

HEADER = "Idempotency-Key"
MAX_LENGTH = 150


class IdempotencyKeyInvalid(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "idempotency_key_invalid"
    default_detail = _(
        "Send an Idempotency-Key header of 1 to 150 visible ASCII characters "
        "(a UUID is a good choice)."
    )


def idempotency_parameter(*, required: bool) -> OpenApiParameter:
    return OpenApiParameter(
        HEADER,
        type={"type": "string", "minLength": 1, "maxLength": MAX_LENGTH, "pattern": "^[!-~]+$"},
        location=OpenApiParameter.HEADER,
        required=required,
        description=(
            "Your unique key for this request. Repeating it with the same body returns the "
            "first response again (header `Idempotent-Replayed: true`); with a different body "
            "it is refused with 409 `idempotency_conflict`. Failed requests are not stored."
        ),
    )


@overload
def idempotency_key(request: Request, *, required: Literal[True]) -> str: ...
@overload
def idempotency_key(request: Request, *, required: bool) -> str | None: ...
def idempotency_key(request: Request, *, required: bool) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        if required:
            raise IdempotencyKeyInvalid()
        return None
    if not 0 < len(key) <= MAX_LENGTH or not all(33 <= ord(c) < 127 for c in key):
        raise IdempotencyKeyInvalid()
    return key


def idempotent_response(
    request: Request, *, key: str | None, operation: Callable[[], tuple[int, dict[str, Any]]]
) -> Response:
    """Run ``operation() -> (status, body)`` once per key; replay its response for repeats."""
    if key is None:
        status_code, body = operation()
        return Response(body, status=status_code)
    stored = run_once(
        api_key=request_api_key(request),
        key=key,
        fingerprint=request_fingerprint(
            method=request.method or "", path=request.path, data=request.data
        ),
        operation=operation,
    )
    return stored_response(stored)


def stored_response(stored: StoredResponse) -> Response:
    response = Response(stored.body, status=stored.status)
    if stored.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def ledger_key(request: Request, key: str) -> str:
    """The ledger's idempotency key for an API call: scoped to the API key."""
    return f"api:{request.auth.pk}:{key}"


def short_key(request: Request, key: str) -> str:
    """A compact key for places with room for less (a refund's key seen by the provider)."""
    import hashlib

    return f"api:{request.auth.pk}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"
