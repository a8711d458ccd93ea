"""OpenAPI additions: the shared error responses every operation can give; what the SDK
generators need."""

from typing import Any

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable, machine-readable error code."},
        "detail": {"type": "string", "description": "For people; translated (Accept-Language)."},
        "fields": {
            "type": "object",
            "additionalProperties": True,
            "description": "Messages per invalid field; empty unless the input was invalid.",
        },
    },
    "required": ["code", "detail", "fields"],
}
DESCRIPTIONS = {
    "400": "Invalid input (`invalid`, with `fields`), or a bad Idempotency-Key.",
    "401": "No, an unknown or a revoked API key.",
    "403": "The key lacks the scope this operation needs (`insufficient_scope`).",
    "404": "No such object.",
    "406": "The Accept header asks for something other than JSON.",
    "409": "Conflicts with the current state (e.g. `insufficient_points`, `idempotency_conflict`).",
    "415": "The body is not JSON (nor a multipart form where one is accepted).",
    "429": "Rate limit reached; retry after `Retry-After` seconds.",
    "502": "The payment provider refused (refunds).",
    "503": "Briefly unavailable (`service_unavailable`: a service it needs is restarting); "
    "retry after `Retry-After` seconds. Nothing was changed.",
}
RETRY_AFTER = {"429": "Seconds until the next window.", "503": "Seconds to wait before retrying."}
READ_STATUSES = ("400", "401", "403", "404", "406", "429", "503")
WRITE_STATUSES = (*READ_STATUSES, "409", "415")


def _response(status: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if status in RETRY_AFTER:
        response["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": RETRY_AFTER[status],
                "required": True,
            }
        }
    return response


def add_error_responses(
    result: dict[str, Any], generator: object, request: object, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook: document the error shape on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            statuses = READ_STATUSES if method == "get" else WRITE_STATUSES
            if path.endswith("/refunds/"):
                statuses = (*statuses, "502")
            responses = operation.setdefault("responses", {})
            for status in statuses:
                # An operation may describe a status itself (``extend_schema``); the body is
                # the error shape all the same.
                responses.setdefault(status, _response(status)).setdefault(
                    "content", {"application/json": {"schema": ERROR_REF}}
                )
    return result


def suit_the_generators(
    result: dict[str, Any], generator: object, request: object, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook: a request body that may come as JSON or as a
    multipart form (a review with photos) is marked not required. openapi-python-client 0.29
    writes code that does not import for a *required* body with several content types
    (openapi-generators/openapi-python-client#1451); the API answers 400 without a body all
    the same."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if body and len(body.get("content", {})) > 1:
                body["required"] = False
    return result
