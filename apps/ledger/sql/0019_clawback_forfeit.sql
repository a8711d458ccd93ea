-- Taking points back (migration ledger.0019): a clawback after a refund, and closing an account.
-- Same conventions as 0019_earn_spend.sql (owner's rights, fixed search_path, the opening, one
-- result row); 'nothing' when there was nothing to take (no entry).

SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

-- Take back up to p_points earned from p_source (e.g. a refunded order): the source's own lots
-- first (pending or available, oldest first), then other available lots in spend order. What
-- the member has already spent cannot be taken without a negative balance, so a clawback stops
-- at what there is: unless p_take_short, that case writes nothing and answers 'short' with the
-- points that can be taken in ``available`` (the caller words the reason, then calls again).
CREATE OR REPLACE FUNCTION ledger_clawback(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_key text, p_fingerprint text, p_now timestamptz, p_settled boolean,
    p_take_short boolean)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
    lot record;
    own_total bigint;
    own_available bigint;
    amount bigint;
    need bigint;
    portion bigint;
    from_available bigint := 0;
    from_pending bigint := 0;
BEGIN
    -- The opening every change shares: the lock, the idempotency key, the due check.
    acc := ledger_locked_account(p_member, p_now);
    SELECT * INTO e FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = acc.id AND entry.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, acc.pending, e.id, e.account_id, e.points, e.kind, e.reason,
            e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT
            'due'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at;
        RETURN;
    END IF;
    SELECT coalesce(sum(l.remaining), 0), coalesce(sum(l.remaining) FILTER (WHERE l.released), 0)
    INTO own_total, own_available
    FROM ledger_pointslot AS l
    WHERE l.account_id = acc.id AND l.source = p_source AND l.remaining > 0;
    amount := LEAST(p_points, own_total + acc.available - own_available);
    IF amount = 0 THEN
        RETURN QUERY SELECT
            'nothing'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at;
        RETURN;
    END IF;
    IF amount < p_points AND NOT p_take_short THEN
        acc.available := amount;  -- not a balance here: what can be taken
        RETURN QUERY SELECT
            'short'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id,
                                    idempotency_key, fingerprint, created_at)
    VALUES (acc.id, -amount, p_kind, p_reason, p_source, p_actor, p_key, p_fingerprint, p_now)
    RETURNING * INTO e;
    need := amount;
    FOR lot IN
        SELECT l.id, l.remaining, l.released FROM ledger_pointslot AS l
        WHERE l.account_id = acc.id AND l.source = p_source AND l.remaining > 0
        ORDER BY l.id
        FOR UPDATE
    LOOP
        EXIT WHEN need = 0;
        portion := LEAST(lot.remaining, need);
        UPDATE ledger_pointslot SET remaining = remaining - portion WHERE id = lot.id;
        INSERT INTO ledger_lotmovement (entry_id, lot_id, points) VALUES (e.id, lot.id, -portion);
        IF lot.released THEN
            from_available := from_available + portion;
        ELSE
            from_pending := from_pending + portion;
        END IF;
        need := need - portion;
    END LOOP;
    portion := ledger_take_in_spend_order(acc.id, e.id, need, p_source);
    from_available := from_available + portion;
    IF need - portion > 0 THEN
        RAISE EXCEPTION 'points account % and its lots disagree', acc.id;
    END IF;
    UPDATE ledger_pointsaccount SET available = available - from_available,
                                    pending = pending - from_pending, updated_at = p_now
    WHERE id = acc.id
    RETURNING available, pending INTO acc.available, acc.pending;
    RETURN QUERY SELECT
        'done'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
        e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
        e.created_at;
END $$;

-- Close the member's balance: every lot's remainder, pending or available, in one entry, so a
-- closed account owes nothing and no pending lot is released later.
CREATE OR REPLACE FUNCTION ledger_forfeit(
    p_member bigint, p_kind text, p_reason text, p_source text, p_key text,
    p_fingerprint text, p_now timestamptz, p_settled boolean)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
    lot record;
    total bigint;
    from_available bigint := 0;
    from_pending bigint := 0;
BEGIN
    -- The opening every change shares: the lock, the idempotency key, the due check.
    acc := ledger_locked_account(p_member, p_now);
    SELECT * INTO e FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = acc.id AND entry.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, acc.pending, e.id, e.account_id, e.points, e.kind, e.reason,
            e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint, e.created_at;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT
            'due'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at;
        RETURN;
    END IF;
    SELECT coalesce(sum(l.remaining), 0) INTO total
    FROM ledger_pointslot AS l WHERE l.account_id = acc.id AND l.remaining > 0;
    IF total = 0 THEN
        RETURN QUERY SELECT
            'nothing'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source,
                                    idempotency_key, fingerprint, created_at)
    VALUES (acc.id, -total, p_kind, p_reason, p_source, p_key, p_fingerprint, p_now)
    RETURNING * INTO e;
    FOR lot IN
        SELECT l.id, l.remaining, l.released FROM ledger_pointslot AS l
        WHERE l.account_id = acc.id AND l.remaining > 0 ORDER BY l.id FOR UPDATE
    LOOP
        UPDATE ledger_pointslot SET remaining = 0 WHERE id = lot.id;
        INSERT INTO ledger_lotmovement (entry_id, lot_id, points)
        VALUES (e.id, lot.id, -lot.remaining);
        IF lot.released THEN
            from_available := from_available + lot.remaining;
        ELSE
            from_pending := from_pending + lot.remaining;
        END IF;
    END LOOP;
    -- By bucket, not set to zero: an account that disagreed with its lots fails the check.
    UPDATE ledger_pointsaccount SET available = available - from_available,
                                    pending = pending - from_pending, updated_at = p_now
    WHERE id = acc.id
    RETURNING available, pending INTO acc.available, acc.pending;
    RETURN QUERY SELECT
        'done'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
        e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
        e.created_at;
END $$;

REVOKE ALL ON FUNCTION ledger_clawback(bigint, bigint, text, text, text, bigint, text, text,
    timestamptz, boolean, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_forfeit(bigint, text, text, text, text, text, timestamptz, boolean)
    FROM PUBLIC;
