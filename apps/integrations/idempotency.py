"""Idempotent API writes: the first response to an Idempotency-Key is stored and replayed.

The database decides: the record is inserted with ``ON CONFLICT DO NOTHING`` under a unique
constraint on (API key, Idempotency-Key); a new row stays locked by its insert, an existing one
is locked with ``FOR UPDATE``, so of two concurrent requests with one key the second waits for
the first to commit and then gets its response. The operation runs in
the same transaction as the record; if it fails, both roll back and the key can be used again
(only successful responses are stored).

Points writes (earn, spend, adjust) do the same in one statement, ``points_once``: the claim,
the ledger statement and the stored response in a database function, one round trip and one
transaction. What it cannot finish there it leaves untouched for ``run_once``.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from apps.core.sql import execute_prepared
from apps.ledger.services import Statement

from .errors import IdempotencyKeyReused
from .models import ApiKey, IdempotencyRecord


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any] | None  # None: a response without a body
    replayed: bool


def request_fingerprint(*, method: str, path: str, data: object) -> str:
    """What makes two requests "the same": method, path and the parsed body (JSON, or a
    multipart form: every value of each field, a file by its name and content's digest)."""
    if isinstance(data, MultiValueDict):
        data = {name: data.getlist(name) for name in data}
    canonical = json.dumps([method, path, data], sort_keys=True, default=_file_or_text)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _file_or_text(value: object) -> str:
    if isinstance(value, File):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return f"file:{value.name}:{digest.hexdigest()}"
    return str(value)


CLAIM_SQL = f"""
INSERT INTO {IdempotencyRecord._meta.db_table} (api_key_id, key, fingerprint, created_at)
VALUES (%(api_key)s, %(key)s, %(fingerprint)s, %(now)s)
ON CONFLICT (api_key_id, key) DO NOTHING RETURNING id
"""  # noqa: S608 - the table name from the model, values as parameters
STORE_SQL = f"""
UPDATE {IdempotencyRecord._meta.db_table} SET response_status = %(status)s, response_body = %(body)s
WHERE id = %(record)s
"""  # noqa: S608 - the table name from the model, values as parameters


@transaction.atomic
def run_once(
    *,
    api_key: ApiKey,
    key: str,
    fingerprint: str,
    operation: Callable[[], tuple[int, dict[str, Any]]],
) -> StoredResponse:
    """Run ``operation`` once per (``api_key``, ``key``) and store its (status, body).

    A repeat with the same ``fingerprint`` returns the stored response (``replayed=True``) without
    running anything; a repeat with another fingerprint raises ``IdempotencyKeyReused``.
    Exceptions from ``operation`` propagate and nothing is stored.
    """
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            "integrations_claim",
            CLAIM_SQL,
            {"api_key": api_key.pk, "key": key, "fingerprint": fingerprint, "now": timezone.now()},
        )
        claimed = cursor.fetchone()
    if claimed is None:  # used before (or right now: this waits for that request to commit)
        record = IdempotencyRecord.objects.select_for_update().get(api_key=api_key, key=key)
        if record.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        if record.response_status is not None:
            return StoredResponse(record.response_status, record.response_body, replayed=True)
        record_id = record.pk  # a record left without a response is not possible, but harmless
    else:
        record_id = claimed[0]  # new: our insert holds it until we commit
    status, body = operation()
    stored = IdempotencyRecord._meta.get_field("response_body").get_db_prep_value(body, connection)
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            "integrations_store",
            STORE_SQL,
            {"status": status, "body": stored, "record": record_id},
        )
    return StoredResponse(status, body, replayed=False)


POINTS_ONCE_SQL = """SELECT * FROM integrations_points_once(
    p_api_key => %(api_key)s, p_idempotency_key => %(idempotency_key)s,
    p_request => %(request)s, p_status => %(status)s, p_response => %(response)s,
    p_spend => %(spend)s, p_member => %(member)s, p_points => %(points)s, p_kind => %(kind)s,
    p_reason => %(reason)s, p_source => %(source)s, p_actor => %(actor)s, p_rule => %(rule)s,
    p_key => %(key)s, p_fingerprint => %(fingerprint)s, p_now => %(now)s,
    p_available_at => %(available_at)s, p_expires_at => %(expires_at)s,
    p_lifetime => %(lifetime)s, p_event => %(event)s)"""
# What a spend statement does not have (``ledger_spend`` takes none of them).
_EARN_ONLY = {"rule": None, "available_at": None, "expires_at": None, "lifetime": False}


def points_once(
    *,
    api_key: ApiKey,
    key: str,
    fingerprint: str,
    statement: Statement,
    status: int,
    response: dict[str, Any],
) -> StoredResponse | None:
    """``run_once`` for a ledger earn or spend, in one statement (migration 0002).

    ``response`` is the response rendered before the write, from ``statement.entry()`` and
    zero balances: the database fills in the entry's id and the balances after the write, and
    stores it with the record. Outside a transaction this is one round trip. Returns None when
    the ledger did not write (something due on the account, a repeated ledger key, not enough
    points) or the key's record has no response: nothing changed, and the caller takes the
    general path (``run_once``).
    """
    if not statement.account_known or statement.arguments["company"] is not None:
        return None  # ``integrations_points_once`` writes members' own accounts only
    arguments = {
        **_EARN_ONLY,
        **statement.arguments,
        "api_key": api_key.pk,
        "idempotency_key": key,
        "request": fingerprint,
        "status": status,
        "response": json.dumps(response),
        "spend": statement.is_spend,
    }
    with connection.cursor() as cursor:
        execute_prepared(cursor, "integrations_points_once", POINTS_ONCE_SQL, arguments)
        outcome, stored_status, stored_body = cursor.fetchone()
    if outcome == "reused":
        raise IdempotencyKeyReused()
    if outcome == "repeat":
        return StoredResponse(stored_status, json.loads(stored_body), replayed=True)
    if outcome != "done":
        return None
    statement.announce()
    # The caller's rendering (in the serializer's order) with what the database filled in.
    body = json.loads(stored_body)  # Django's backend leaves jsonb results as text
    response["entry"]["id"] = body["entry"]["id"]
    response["balance"].update(body["balance"])
    return StoredResponse(stored_status, response, replayed=False)
