"""An API points write (earn, spend, adjustment) and its Idempotency-Key record in one statement.

``integrations_points_once`` claims the key as ``idempotency.run_once`` does (insert, or lock
the existing record and answer from it), runs ``ledger_earn`` or ``ledger_spend`` (migration
ledger 0010/0012) with the caller's arguments, and stores the response: the caller's rendering
of it with the three values only the database knows filled in (the entry's id and the balances
after it). Run on its own (autocommit) it is one round trip and one transaction.

It returns one row: a status and, when there is one, the response.

- 'done': the write happened; ``response_body`` is the stored response;
- 'repeat': the key was used with the same request; the stored response;
- 'reused': the key was used with another request; nothing changed;
- anything else ('unanswered': a record without a response; or the ledger statement's own
  status: 'due', 'replayed', 'conflict', 'insufficient'): nothing changed, a claim made is
  withdrawn, and the caller takes the general path (``run_once`` around ``ledger.run``),
  which handles every case.

PostgreSQL records no dependency of this function on ``ledger_earn``/``ledger_spend``: a ledger
migration that changes their parameters must replace this function too. The API tests call it
with both (tests/integrations/test_points_one_statement.py), so a mismatch fails there.
"""

from django.db import migrations

POINTS_ONCE = """
CREATE FUNCTION integrations_points_once(
    p_api_key bigint, p_idempotency_key text, p_request text, p_status integer,
    p_response jsonb, p_spend boolean,
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_rule bigint, p_key text, p_fingerprint text, p_now timestamptz,
    p_available_at timestamptz, p_expires_at timestamptz, p_lifetime boolean, p_event text)
RETURNS TABLE (status text, response_status integer, response_body jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    claimed bigint;
    earlier integrations_idempotencyrecord;
    result record;
    body jsonb;
BEGIN
    INSERT INTO integrations_idempotencyrecord (api_key_id, key, fingerprint, created_at)
    VALUES (p_api_key, p_idempotency_key, p_request, p_now)
    ON CONFLICT (api_key_id, key) DO NOTHING
    RETURNING id INTO claimed;
    IF claimed IS NULL THEN
        -- Used before, or right now: this waits for that statement to commit.
        SELECT * INTO earlier FROM integrations_idempotencyrecord
        WHERE api_key_id = p_api_key AND key = p_idempotency_key FOR UPDATE;
        IF earlier.fingerprint <> p_request THEN
            RETURN QUERY SELECT 'reused'::text, NULL::integer, NULL::jsonb;
            RETURN;
        END IF;
        IF earlier.response_status IS NOT NULL THEN
            RETURN QUERY SELECT 'repeat'::text, earlier.response_status::integer,
                earlier.response_body;
            RETURN;
        END IF;
        -- A record without a response (not written by this code): the general path.
        RETURN QUERY SELECT 'unanswered'::text, NULL::integer, NULL::jsonb;
        RETURN;
    END IF;
    IF p_spend THEN
        SELECT * INTO result FROM ledger_spend(
            p_member => p_member, p_points => p_points, p_kind => p_kind, p_reason => p_reason,
            p_source => p_source, p_actor => p_actor, p_key => p_key,
            p_fingerprint => p_fingerprint, p_now => p_now, p_event => p_event,
            p_settled => false);
    ELSE
        SELECT * INTO result FROM ledger_earn(
            p_member => p_member, p_points => p_points, p_kind => p_kind, p_reason => p_reason,
            p_source => p_source, p_actor => p_actor, p_rule => p_rule, p_key => p_key,
            p_fingerprint => p_fingerprint, p_now => p_now, p_available_at => p_available_at,
            p_expires_at => p_expires_at, p_lifetime => p_lifetime, p_event => p_event,
            p_settled => false);
    END IF;
    IF result.status <> 'done' THEN
        DELETE FROM integrations_idempotencyrecord WHERE id = claimed;
        RETURN QUERY SELECT result.status, NULL::integer, NULL::jsonb;
        RETURN;
    END IF;
    body := jsonb_set(jsonb_set(jsonb_set(p_response,
        '{entry,id}', to_jsonb(result.id)),
        '{balance,available}', to_jsonb(result.available)),
        '{balance,pending}', to_jsonb(result.pending));
    UPDATE integrations_idempotencyrecord
    SET response_status = p_status, response_body = body
    WHERE id = claimed;
    RETURN QUERY SELECT 'done'::text, p_status, body;
END $$;
"""

DROP = """
DROP FUNCTION integrations_points_once(
    bigint, text, text, integer, jsonb, boolean, bigint, bigint, text, text, text, bigint,
    bigint, text, text, timestamptz, timestamptz, timestamptz, boolean, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("ledger", "0016_lot_expiry_checked_by_the_ledger"),
    ]

    operations = [migrations.RunSQL(POINTS_ONCE, DROP)]
