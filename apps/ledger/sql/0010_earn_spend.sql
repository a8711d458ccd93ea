-- Earn and spend as one statement each (migration ledger.0010). Frozen: a later change is a new
-- file loaded by a new migration.

CREATE OR REPLACE FUNCTION ledger_lock_account(p_member bigint, p_now timestamptz)
RETURNS ledger_pointsaccount LANGUAGE plpgsql AS $$
DECLARE
    acc ledger_pointsaccount;
BEGIN
    SELECT * INTO acc FROM ledger_pointsaccount WHERE member_id = p_member FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO ledger_pointsaccount (member_id, available, pending, lifetime_earned,
                                          updated_at)
        VALUES (p_member, 0, 0, 0, p_now) ON CONFLICT (member_id) DO NOTHING;
        SELECT * INTO acc FROM ledger_pointsaccount WHERE member_id = p_member FOR UPDATE;
    END IF;
    RETURN acc;
END $$;

CREATE OR REPLACE FUNCTION ledger_earn(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_rule bigint, p_key text, p_fingerprint text, p_now timestamptz,
    p_available_at timestamptz, p_expires_at timestamptz, p_lifetime boolean, p_event text,
    p_settled boolean)
RETURNS TABLE (
    status text, available bigint, id bigint, account_id bigint, points bigint, kind varchar,
    reason varchar, source varchar, actor_id bigint, rule_id bigint, idempotency_key varchar,
    fingerprint varchar, created_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
    released boolean := p_available_at <= p_now;
BEGIN

    acc := ledger_lock_account(p_member, p_now);
    SELECT * INTO e FROM ledger_ledgerentry
    WHERE account_id = acc.id AND idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, e.id, e.account_id, e.points, e.kind, e.reason, e.source, e.actor_id,
    e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT 'due'::text, acc.available, e.id, e.account_id, e.points, e.kind, e.reason, e.source, e.actor_id,
    e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
        RETURN;
    END IF;

    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id, rule_id,
                                    idempotency_key, fingerprint, created_at)
    VALUES (acc.id, p_points, p_kind, left(p_reason, 300), left(p_source, 100), p_actor, p_rule,
            p_key, p_fingerprint, p_now)
    RETURNING * INTO e;
    INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at,
                                  released, expires_at, source)
    VALUES (acc.id, e.id, p_points, p_points, p_available_at, released, p_expires_at,
            left(p_source, 100));
    UPDATE ledger_pointsaccount SET
        available = available + CASE WHEN released THEN p_points ELSE 0 END,
        pending = pending + CASE WHEN released THEN 0 ELSE p_points END,
        lifetime_earned = lifetime_earned + CASE WHEN p_lifetime THEN p_points ELSE 0 END,
        -- LEAST ignores NULLs: a never-expiring lot leaves the account's due time as it was
        next_due_at = LEAST(next_due_at,
                            CASE WHEN released THEN p_expires_at ELSE p_available_at END),
        updated_at = p_now
    WHERE id = acc.id
    RETURNING available INTO acc.available;

    IF p_event IS NOT NULL THEN
        INSERT INTO core_outboxevent (name, payload, created_at)
        VALUES (p_event,
                jsonb_build_object('member_id', p_member, 'entry_id', e.id, 'points', p_points),
                p_now);
    END IF;

    RETURN QUERY SELECT 'done'::text, acc.available, e.id, e.account_id, e.points, e.kind, e.reason, e.source, e.actor_id,
    e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
END $$;

CREATE OR REPLACE FUNCTION ledger_spend(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_key text, p_fingerprint text, p_now timestamptz, p_event text,
    p_settled boolean)
RETURNS TABLE (
    status text, available bigint, id bigint, account_id bigint, points bigint, kind varchar,
    reason varchar, source varchar, actor_id bigint, rule_id bigint, idempotency_key varchar,
    fingerprint varchar, created_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
    lot record;
    need bigint := p_points;
    portion bigint;
BEGIN

    acc := ledger_lock_account(p_member, p_now);
    SELECT * INTO e FROM ledger_ledgerentry
    WHERE account_id = acc.id AND idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, e.id, e.account_id, e.points, e.kind, e.reason, e.source, e.actor_id,
    e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT 'due'::text, acc.available, e.id, e.account_id, e.points, e.kind, e.reason, e.source, e.actor_id,
    e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
        RETURN;
    END IF;

    IF acc.available < p_points THEN
        RETURN QUERY SELECT 'insufficient'::text, acc.available, e.id, e.account_id, e.points, e.kind, e.reason, e.source, e.actor_id,
    e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id,
                                    idempotency_key, fingerprint, created_at)
    VALUES (acc.id, -p_points, p_kind, left(p_reason, 300), left(p_source, 100), p_actor,
            p_key, p_fingerprint, p_now)
    RETURNING * INTO e;
    -- Soonest expiry first, never-expiring last, then oldest: the lot_spend_order index, read
    -- (and locked) only as far as the points need.
    FOR lot IN
        SELECT l.id, l.remaining FROM ledger_pointslot AS l
        WHERE l.account_id = acc.id AND l.released AND l.remaining > 0
        ORDER BY l.expires_at ASC NULLS LAST, l.id
        FOR UPDATE
    LOOP
        portion := LEAST(lot.remaining, need);
        UPDATE ledger_pointslot SET remaining = remaining - portion WHERE id = lot.id;
        INSERT INTO ledger_lotmovement (entry_id, lot_id, points) VALUES (e.id, lot.id, -portion);
        need := need - portion;
        EXIT WHEN need = 0;
    END LOOP;
    IF need > 0 THEN
        RAISE EXCEPTION 'points account % and its lots disagree', acc.id;
    END IF;
    UPDATE ledger_pointsaccount SET available = available - p_points, updated_at = p_now
    WHERE id = acc.id
    RETURNING available INTO acc.available;

    IF p_event IS NOT NULL THEN
        INSERT INTO core_outboxevent (name, payload, created_at)
        VALUES (p_event,
                jsonb_build_object('member_id', p_member, 'entry_id', e.id, 'points', p_points),
                p_now);
    END IF;

    RETURN QUERY SELECT 'done'::text, acc.available, e.id, e.account_id, e.points, e.kind, e.reason, e.source, e.actor_id,
    e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
END $$;
