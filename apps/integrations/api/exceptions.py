"""One error shape for every API response that is not a success:

    {"code": "insufficient_points", "detail": "Not enough points: ...", "fields": {}}

``code`` is stable (clients branch on it), ``detail`` is for people (translated, honouring
Accept-Language), ``fields`` maps field names to their messages for invalid input. Domain errors
(``ApplicationError``) are mapped to HTTP statuses here, in one place.
"""

import logging
from typing import Any, TypedDict

from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from apps.core import unavailable
from apps.core.errors import ApplicationError

logger = logging.getLogger(__name__)

CONFLICT_CODES = {
    "insufficient_points",
    "idempotency_conflict",
    "reward_unavailable",
    "not_voidable",
    "invalid_transition",
    "invalid_refund",
    "email_taken",
    "external_id_taken",
    "approval_required",
    "insufficient_stock",
    "product_not_released",
    "payment_mismatch",
    "missing_exchange_rate",
    "application_error",
    "already_in_company",
    "last_company_admin",
    "not_purchased",
    "already_reviewed",
    "not_moderatable",
    "quote_not_open",
    "quote_revised",
    "quote_incomplete",
    "quote_not_answered",
    "quote_expired",
}
STATUS_BY_CODE = {code: status.HTTP_409_CONFLICT for code in CONFLICT_CODES} | {
    "refund_failed": status.HTTP_502_BAD_GATEWAY,
    "own_account": status.HTTP_403_FORBIDDEN,
}


class ErrorBody(TypedDict):
    code: str
    detail: str
    fields: dict[str, object]


def error_body(code: str, detail: object, fields: dict[str, object] | None = None) -> ErrorBody:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def _fields(detail: object) -> dict[str, object]:
    if isinstance(detail, dict):
        return detail
    return {"non_field_errors": detail if isinstance(detail, list) else [detail]}


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response(
            error_body(exc.code, exc.message, exc.details.get("fields")),
            status=STATUS_BY_CODE.get(exc.code, 400),
        )
    if isinstance(exc, IntegrityError):  # a concurrent request won a unique constraint
        set_rollback()
        return Response(
            error_body("conflict", _("The request conflicts with a concurrent change.")),
            status=status.HTTP_409_CONFLICT,
        )
    if unavailable.is_service_down(exc):  # Redis or the database away (apps.core.unavailable)
        set_rollback()
        return Response(
            error_body("service_unavailable", unavailable.MESSAGE),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers=unavailable.retry_after_headers(),
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in %s", context.get("view"))
        set_rollback()
        return Response(
            error_body("server_error", _("Something went wrong on our side.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", _("Invalid input."), _fields(exc.detail))
    elif isinstance(exc, exceptions.APIException):
        response.data = error_body(_code(exc), exc.detail)
    else:  # Http404 / PermissionDenied from Django, converted by DRF
        response.data = error_body(
            "not_found" if response.status_code == 404 else "permission_denied",
            response.data.get("detail", ""),
        )
    return response
