"""Idempotent API writes: the first response to an Idempotency-Key is stored and replayed.

The database decides: the record is inserted with ``ON CONFLICT DO NOTHING`` under a unique
constraint on (API key, Idempotency-Key) and then locked, so of two concurrent requests with one
key the second waits for the first to commit and then gets its response. The operation runs in
the same transaction as the record; if it fails, both roll back and the key can be used again
(only successful responses are stored).
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from .errors import IdempotencyKeyReused
from .models import ApiKey, IdempotencyRecord


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict
    replayed: bool


def request_fingerprint(*, method: str, path: str, data) -> str:
    """What makes two requests "the same": method, path and the parsed JSON body."""
    canonical = json.dumps([method, path, data], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def run_once(
    *,
    api_key: ApiKey,
    key: str,
    fingerprint: str,
    operation: Callable[[], tuple[int, dict]],
) -> StoredResponse:
    """Run ``operation`` once per (``api_key``, ``key``) and store its (status, body).

    A repeat with the same ``fingerprint`` returns the stored response (``replayed=True``) without
    running anything; a repeat with another fingerprint raises ``IdempotencyKeyReused``.
    Exceptions from ``operation`` propagate and nothing is stored.
    """
    IdempotencyRecord.objects.bulk_create(
        [IdempotencyRecord(api_key=api_key, key=key, fingerprint=fingerprint)],
        ignore_conflicts=True,
    )
    record = IdempotencyRecord.objects.select_for_update().get(api_key=api_key, key=key)
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    if record.response_status is not None:
        return StoredResponse(record.response_status, record.response_body, replayed=True)
    status, body = operation()
    record.response_status, record.response_body = status, body
    record.save(update_fields=["response_status", "response_body"])
    return StoredResponse(status, body, replayed=False)
