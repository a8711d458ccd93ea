-- Company accounts (migration ledger.0025, #20): a points account belongs to a member or to a
-- company, and every entry records the member who earned or spent it (``member_id``; empty on a
-- company's own changes: expiry, a merge, an integration's or staff's change to the company).
-- Every change takes p_company: null, the member's own account (as before); else the company's
-- account, with p_member the buyer it is attributed to (may be null). Which account a member's
-- points go to is decided once, in Python (``apps/ledger/holders.py``), and passed in here.
-- Otherwise as 0019_earn_spend.sql, 0019_clawback_forfeit.sql and 0022_release_skips_held.sql
-- (owner's rights, fixed search_path, the opening, one result row), with ``member_id`` added
-- to each result row. The released held-account rule: a hold on the company holds its account.

SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

DROP FUNCTION ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
    timestamptz, timestamptz, timestamptz, boolean, text, boolean);
DROP FUNCTION ledger_spend(bigint, bigint, text, text, text, bigint, text, text, timestamptz,
    text, boolean);
DROP FUNCTION ledger_clawback(bigint, bigint, text, text, text, bigint, text, text,
    timestamptz, boolean, boolean);
DROP FUNCTION ledger_forfeit(bigint, text, text, text, text, text, timestamptz, boolean);
DROP FUNCTION ledger_lock_account(bigint, timestamptz);
DROP FUNCTION ledger_locked_account(bigint, timestamptz);

-- The account row, locked for the transaction (created on first use, at p_now): the company's
-- when p_company is given, else the member's.
CREATE FUNCTION ledger_locked_account(p_member bigint, p_company bigint, p_now timestamptz)
RETURNS ledger_pointsaccount LANGUAGE plpgsql AS $$
DECLARE
    acc ledger_pointsaccount;
BEGIN
    IF p_company IS NULL THEN
        SELECT * INTO acc FROM ledger_pointsaccount WHERE member_id = p_member FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO ledger_pointsaccount (member_id, available, pending, lifetime_earned,
                                              updated_at)
            VALUES (p_member, 0, 0, 0, p_now) ON CONFLICT (member_id) DO NOTHING;
            SELECT * INTO acc FROM ledger_pointsaccount WHERE member_id = p_member FOR UPDATE;
        END IF;
    ELSE
        SELECT * INTO acc FROM ledger_pointsaccount WHERE company_id = p_company FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO ledger_pointsaccount (company_id, available, pending, lifetime_earned,
                                              updated_at)
            VALUES (p_company, 0, 0, 0, p_now) ON CONFLICT (company_id) DO NOTHING;
            SELECT * INTO acc FROM ledger_pointsaccount WHERE company_id = p_company FOR UPDATE;
        END IF;
    END IF;
    RETURN acc;
END $$;

CREATE FUNCTION ledger_lock_account(p_member bigint, p_now timestamptz,
                                    p_company bigint DEFAULT NULL)
RETURNS ledger_pointsaccount LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT ledger_locked_account(p_member, p_company, p_now)
$$;


-- Credit p_points as a new lot, pending until p_available_at, expiring at p_expires_at (null:
-- never); p_lifetime counts them towards the points earned in total; p_event (if any) goes to
-- the outbox with the change.
CREATE FUNCTION ledger_earn(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_rule bigint, p_key text, p_fingerprint text, p_now timestamptz,
    p_available_at timestamptz, p_expires_at timestamptz, p_lifetime boolean, p_event text,
    p_settled boolean, p_company bigint DEFAULT NULL)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz,
    member_id bigint
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
    released boolean := p_available_at <= p_now;
BEGIN
    -- The opening every change shares: the lock, the idempotency key, the due check.
    acc := ledger_locked_account(p_member, p_company, p_now);
    SELECT * INTO e FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = acc.id AND entry.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, acc.pending, e.id, e.account_id, e.points, e.kind, e.reason,
            e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint, e.created_at,
            e.member_id;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT
            'due'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at, e.member_id;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id, rule_id,
                                    idempotency_key, fingerprint, created_at, member_id)
    VALUES (acc.id, p_points, p_kind, p_reason, p_source, p_actor, p_rule, p_key, p_fingerprint,
            p_now, p_member)
    RETURNING * INTO e;
    INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at,
                                  released, expires_at, source)
    VALUES (acc.id, e.id, p_points, p_points, p_available_at, released, p_expires_at, p_source);
    UPDATE ledger_pointsaccount SET
        available = available + CASE WHEN released THEN p_points ELSE 0 END,
        pending = pending + CASE WHEN released THEN 0 ELSE p_points END,
        lifetime_earned = lifetime_earned + CASE WHEN p_lifetime THEN p_points ELSE 0 END,
        -- LEAST ignores NULLs: a never-expiring lot leaves the account's due time as it was
        next_due_at = LEAST(next_due_at,
                            CASE WHEN released THEN p_expires_at ELSE p_available_at END),
        updated_at = p_now
    WHERE id = acc.id
    RETURNING available, pending INTO acc.available, acc.pending;
    IF p_event IS NOT NULL THEN  -- the event, in the outbox with the change
        INSERT INTO core_outboxevent (name, payload, created_at)
        VALUES (p_event,
                jsonb_build_object('member_id', p_member, 'entry_id', e.id, 'points', p_points),
                p_now);
    END IF;
    RETURN QUERY SELECT
        'done'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
        e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
        e.created_at, e.member_id;
END $$;

-- Debit p_points from available lots in spend order; 'insufficient' (nothing written) when the
-- account has fewer available points.
CREATE FUNCTION ledger_spend(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_key text, p_fingerprint text, p_now timestamptz, p_event text,
    p_settled boolean, p_company bigint DEFAULT NULL)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz,
    member_id bigint
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
BEGIN
    -- The opening every change shares: the lock, the idempotency key, the due check.
    acc := ledger_locked_account(p_member, p_company, p_now);
    SELECT * INTO e FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = acc.id AND entry.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, acc.pending, e.id, e.account_id, e.points, e.kind, e.reason,
            e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint, e.created_at,
            e.member_id;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT
            'due'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at, e.member_id;
        RETURN;
    END IF;
    IF acc.available < p_points THEN
        RETURN QUERY SELECT
            'insufficient'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at, e.member_id;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id,
                                    idempotency_key, fingerprint, created_at, member_id)
    VALUES (acc.id, -p_points, p_kind, p_reason, p_source, p_actor, p_key, p_fingerprint, p_now,
            p_member)
    RETURNING * INTO e;
    IF ledger_take_in_spend_order(acc.id, e.id, p_points, NULL) < p_points THEN
        RAISE EXCEPTION 'points account % and its lots disagree', acc.id;
    END IF;
    UPDATE ledger_pointsaccount SET available = available - p_points, updated_at = p_now
    WHERE id = acc.id
    RETURNING available INTO acc.available;
    IF p_event IS NOT NULL THEN  -- the event, in the outbox with the change
        INSERT INTO core_outboxevent (name, payload, created_at)
        VALUES (p_event,
                jsonb_build_object('member_id', p_member, 'entry_id', e.id, 'points', p_points),
                p_now);
    END IF;
    RETURN QUERY SELECT
        'done'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
        e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
        e.created_at, e.member_id;
END $$;

-- Take back up to p_points earned from p_source (e.g. a refunded order): the source's own lots
-- first (pending or available, oldest first), then other available lots in spend order. What
-- the member has already spent cannot be taken without a negative balance, so a clawback stops
-- at what there is: unless p_take_short, that case writes nothing and answers 'short' with the
-- points that can be taken in ``available`` (the caller words the reason, then calls again).
CREATE FUNCTION ledger_clawback(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_key text, p_fingerprint text, p_now timestamptz, p_settled boolean,
    p_take_short boolean, p_company bigint DEFAULT NULL)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz,
    member_id bigint
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
    acc := ledger_locked_account(p_member, p_company, p_now);
    SELECT * INTO e FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = acc.id AND entry.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, acc.pending, e.id, e.account_id, e.points, e.kind, e.reason,
            e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint, e.created_at,
            e.member_id;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT
            'due'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at, e.member_id;
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
            e.created_at, e.member_id;
        RETURN;
    END IF;
    IF amount < p_points AND NOT p_take_short THEN
        acc.available := amount;  -- not a balance here: what can be taken
        RETURN QUERY SELECT
            'short'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at, e.member_id;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id,
                                    idempotency_key, fingerprint, created_at, member_id)
    VALUES (acc.id, -amount, p_kind, p_reason, p_source, p_actor, p_key, p_fingerprint, p_now,
            p_member)
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
        e.created_at, e.member_id;
END $$;

-- Close the member's balance: every lot's remainder, pending or available, in one entry, so a
-- closed account owes nothing and no pending lot is released later.
CREATE FUNCTION ledger_forfeit(
    p_member bigint, p_kind text, p_reason text, p_source text, p_key text,
    p_fingerprint text, p_now timestamptz, p_settled boolean, p_company bigint DEFAULT NULL)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz,
    member_id bigint
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
    acc := ledger_locked_account(p_member, p_company, p_now);
    SELECT * INTO e FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = acc.id AND entry.idempotency_key = p_key;
    IF FOUND THEN
        RETURN QUERY SELECT
            CASE WHEN e.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END,
            acc.available, acc.pending, e.id, e.account_id, e.points, e.kind, e.reason,
            e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint, e.created_at,
            e.member_id;
        RETURN;
    END IF;
    IF NOT p_settled AND acc.next_due_at <= p_now THEN
        RETURN QUERY SELECT
            'due'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at, e.member_id;
        RETURN;
    END IF;
    SELECT coalesce(sum(l.remaining), 0) INTO total
    FROM ledger_pointslot AS l WHERE l.account_id = acc.id AND l.remaining > 0;
    IF total = 0 THEN
        RETURN QUERY SELECT
            'nothing'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at, e.member_id;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source,
                                    idempotency_key, fingerprint, created_at, member_id)
    VALUES (acc.id, -total, p_kind, p_reason, p_source, p_key, p_fingerprint, p_now, p_member)
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
        e.created_at, e.member_id;
END $$;

CREATE OR REPLACE FUNCTION ledger_release_due(
    p_accounts bigint[], p_as_of timestamptz, p_now timestamptz)
RETURNS TABLE (account_id bigint, available bigint, pending bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    held bigint[];
BEGIN
    PERFORM 1 FROM ledger_pointsaccount AS a WHERE a.id = ANY(p_accounts) ORDER BY a.id
        FOR UPDATE;
    -- Accounts whose member or company has a hold not lifted keep their pending lots pending.
    held := ARRAY(
        SELECT a.id FROM ledger_pointsaccount AS a JOIN ledger_pointshold AS h
            ON (h.member_id = a.member_id OR h.company_id = a.company_id) AND h.lifted_at IS NULL
        WHERE a.id = ANY(p_accounts));
    RETURN QUERY
    WITH due AS (
        SELECT lot.id, lot.account_id, lot.remaining FROM ledger_pointslot AS lot
        WHERE lot.account_id = ANY(p_accounts) AND NOT lot.released AND lot.remaining > 0
          AND lot.available_at <= p_as_of AND NOT lot.account_id = ANY(held)
        FOR UPDATE
    ), released AS (
        UPDATE ledger_pointslot AS lot SET released = TRUE FROM due WHERE lot.id = due.id
        RETURNING due.account_id, due.remaining
    ), totals AS (
        SELECT r.account_id, sum(r.remaining) AS points FROM released AS r GROUP BY r.account_id
    ), changed AS (
        UPDATE ledger_pointsaccount AS a
        SET pending = a.pending - totals.points, available = a.available + totals.points,
            updated_at = p_now
        FROM totals WHERE a.id = totals.account_id
        RETURNING a.id, a.available, a.pending
    )
    SELECT * FROM changed;
END $$;

-- Move every lot of one account to another (merging duplicate companies, ``holders``): one
-- entry on each account (kind p_kind, the source's lots emptied with lot movements; the
-- target's new lots keep each lot's points, availability, release and expiry), so nothing is
-- lost and each lot expires when it would have. Both accounts are locked in id order and
-- settled by the caller first. 'nothing' when the source has no points left.
CREATE FUNCTION ledger_move_lots(
    p_from bigint, p_to bigint, p_kind text, p_reason_out text, p_reason_in text,
    p_source text, p_actor bigint, p_key text, p_now timestamptz)
RETURNS TABLE (status text, moved bigint, out_entry bigint, in_entry bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    src ledger_pointsaccount;
    dst ledger_pointsaccount;
    e_out ledger_ledgerentry;
    e_in ledger_ledgerentry;
    lot record;
    total bigint;
    lifetime bigint;
    from_available bigint := 0;
    from_pending bigint := 0;
    due timestamptz;
BEGIN
    IF p_from = p_to THEN
        RAISE EXCEPTION 'cannot move points account % to itself', p_from;
    END IF;
    PERFORM 1 FROM ledger_pointsaccount AS a WHERE a.id IN (p_from, p_to) ORDER BY a.id
        FOR UPDATE;
    SELECT * INTO src FROM ledger_pointsaccount AS a WHERE a.id = p_from;
    SELECT * INTO dst FROM ledger_pointsaccount AS a WHERE a.id = p_to;
    SELECT * INTO e_out FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = p_from AND entry.idempotency_key = p_key;
    IF FOUND THEN
        SELECT * INTO e_in FROM ledger_ledgerentry AS entry
        WHERE entry.account_id = p_to AND entry.idempotency_key = p_key;
        RETURN QUERY SELECT 'replayed'::text, -e_out.points, e_out.id, e_in.id;
        RETURN;
    END IF;
    SELECT coalesce(sum(l.remaining), 0) INTO total
    FROM ledger_pointslot AS l WHERE l.account_id = p_from AND l.remaining > 0;
    IF total = 0 THEN
        RETURN QUERY SELECT 'nothing'::text, 0::bigint, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id,
                                    idempotency_key, fingerprint, created_at)
    VALUES (p_from, -total, p_kind, p_reason_out, p_source, p_actor, p_key, 'move', p_now)
    RETURNING * INTO e_out;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id,
                                    idempotency_key, fingerprint, created_at)
    VALUES (p_to, total, p_kind, p_reason_in, p_source, p_actor, p_key, 'move', p_now)
    RETURNING * INTO e_in;
    FOR lot IN
        SELECT l.id, l.remaining, l.released, l.available_at, l.expires_at, l.source
        FROM ledger_pointslot AS l
        WHERE l.account_id = p_from AND l.remaining > 0 ORDER BY l.id FOR UPDATE
    LOOP
        UPDATE ledger_pointslot SET remaining = 0 WHERE id = lot.id;
        INSERT INTO ledger_lotmovement (entry_id, lot_id, points)
        VALUES (e_out.id, lot.id, -lot.remaining);
        INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at,
                                      released, expires_at, source)
        VALUES (p_to, e_in.id, lot.remaining, lot.remaining, lot.available_at, lot.released,
                lot.expires_at, lot.source);
        IF lot.released THEN
            from_available := from_available + lot.remaining;
            due := LEAST(due, lot.expires_at);
        ELSE
            from_pending := from_pending + lot.remaining;
            due := LEAST(due, lot.available_at);
        END IF;
    END LOOP;
    -- The points earned in total move too: the company's lifetime figure is the sum of both.
    lifetime := src.lifetime_earned;
    UPDATE ledger_pointsaccount SET available = available - from_available,
                                    pending = pending - from_pending, updated_at = p_now
    WHERE id = p_from;
    UPDATE ledger_pointsaccount SET available = available + from_available,
                                    pending = pending + from_pending,
                                    lifetime_earned = lifetime_earned + lifetime,
                                    next_due_at = LEAST(next_due_at, due),
                                    updated_at = p_now
    WHERE id = p_to;
    RETURN QUERY SELECT 'done'::text, total, e_out.id, e_in.id;
END $$;

-- Only the entry points are for callers (`migrate` grants them to the application's role).
REVOKE ALL ON FUNCTION ledger_locked_account(bigint, bigint, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_lock_account(bigint, timestamptz, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
    timestamptz, timestamptz, timestamptz, boolean, text, boolean, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_spend(bigint, bigint, text, text, text, bigint, text, text,
    timestamptz, text, boolean, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_clawback(bigint, bigint, text, text, text, bigint, text, text,
    timestamptz, boolean, boolean, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_forfeit(bigint, text, text, text, text, text, timestamptz, boolean,
    bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_release_due(bigint[], timestamptz, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_move_lots(bigint, bigint, text, text, text, text, bigint, text,
    timestamptz) FROM PUBLIC;
