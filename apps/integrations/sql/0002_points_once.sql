-- An API points write and its Idempotency-Key record in one statement (migration
-- integrations.0002). Frozen: a later change is a new file loaded by a new migration.

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
