-- The ledger's writes as database functions (migration ledger.0019): locking the account,
-- earning, spending. The application's database role may only read the ledger's tables; these
-- functions change them, running as their owner (SECURITY DEFINER) with the search_path fixed
-- to this schema (pg_temp last), so that a caller cannot substitute tables or functions.
-- ``apps/ledger/services.py`` calls them; they run in the caller's transaction.
--
-- Every change locks the member's account first (creating it on first use), answers a repeated
-- idempotency key from the entry it created ('replayed', or 'conflict' when the request
-- differed), and leaves an account with something due (to release or expire) untouched, saying
-- so ('due'): the caller settles it (ledger_settle) and calls again with p_settled. Each returns
-- one row: a status, the balances after, and the entry's columns (null unless done or replayed).
-- That opening and that row are written out in each function rather than in helper functions:
-- each call of a helper (PL/pgSQL or SQL) cost the earn a tenth to a fifth of its time in the
-- database (measured; docs/benchmarks.md).
-- Texts arrive fitted to their columns (the model's max_length, applied in Python once).

SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

-- The member's account row, locked for the transaction (created on first use, at p_now): the
-- first step of every change, run inside the functions below as the owner.
CREATE OR REPLACE FUNCTION ledger_locked_account(p_member bigint, p_now timestamptz)
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

-- The same for the application, which may read the account but not lock it for update itself
-- (lock_objects.lock_account: before settling, or before several changes).
CREATE OR REPLACE FUNCTION ledger_lock_account(p_member bigint, p_now timestamptz)
RETURNS ledger_pointsaccount LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT ledger_locked_account(p_member, p_now)
$$;

-- The spend order, the one place it is written: available lots, soonest expiry first,
-- never-expiring last, then oldest (the lot_spend_order index), read and locked only as far as
-- the points need. Takes up to p_points for entry p_entry, skipping the lots of p_skip_source,
-- and returns how many it took; the caller updates the account's balance.
CREATE OR REPLACE FUNCTION ledger_take_in_spend_order(
    p_account bigint, p_entry bigint, p_points bigint, p_skip_source text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    lot record;
    need bigint := p_points;
    portion bigint;
BEGIN
    IF need <= 0 THEN
        RETURN 0;
    END IF;
    FOR lot IN
        SELECT l.id, l.remaining FROM ledger_pointslot AS l
        WHERE l.account_id = p_account AND l.released AND l.remaining > 0
          AND l.source IS DISTINCT FROM p_skip_source
        ORDER BY l.expires_at ASC NULLS LAST, l.id
        FOR UPDATE
    LOOP
        portion := LEAST(lot.remaining, need);
        UPDATE ledger_pointslot SET remaining = remaining - portion WHERE id = lot.id;
        INSERT INTO ledger_lotmovement (entry_id, lot_id, points) VALUES (p_entry, lot.id, -portion);
        need := need - portion;
        EXIT WHEN need = 0;
    END LOOP;
    RETURN p_points - need;
END $$;

-- Credit p_points as a new lot, pending until p_available_at, expiring at p_expires_at (null:
-- never); p_lifetime counts them towards the points earned in total; p_event (if any) goes to
-- the outbox with the change.
CREATE OR REPLACE FUNCTION ledger_earn(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_rule bigint, p_key text, p_fingerprint text, p_now timestamptz,
    p_available_at timestamptz, p_expires_at timestamptz, p_lifetime boolean, p_event text,
    p_settled boolean)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
    released boolean := p_available_at <= p_now;
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
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id, rule_id,
                                    idempotency_key, fingerprint, created_at)
    VALUES (acc.id, p_points, p_kind, p_reason, p_source, p_actor, p_rule, p_key, p_fingerprint,
            p_now)
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
        e.created_at;
END $$;

-- Debit p_points from available lots in spend order; 'insufficient' (nothing written) when the
-- account has fewer available points.
CREATE OR REPLACE FUNCTION ledger_spend(
    p_member bigint, p_points bigint, p_kind text, p_reason text, p_source text,
    p_actor bigint, p_key text, p_fingerprint text, p_now timestamptz, p_event text,
    p_settled boolean)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz
) LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
DECLARE
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
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
    IF acc.available < p_points THEN
        RETURN QUERY SELECT
            'insufficient'::text, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind,
            e.reason, e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint,
            e.created_at;
        RETURN;
    END IF;
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, actor_id,
                                    idempotency_key, fingerprint, created_at)
    VALUES (acc.id, -p_points, p_kind, p_reason, p_source, p_actor, p_key, p_fingerprint, p_now)
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
        e.created_at;
END $$;

-- Only the entry points are for callers (`migrate` grants them to the application's role, see
-- apps/core/database_roles.py); the helpers run inside them, as the owner.
REVOKE ALL ON FUNCTION ledger_locked_account(bigint, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_lock_account(bigint, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_take_in_spend_order(bigint, bigint, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
    timestamptz, timestamptz, timestamptz, boolean, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_spend(bigint, bigint, text, text, text, bigint, text, text,
    timestamptz, text, boolean) FROM PUBLIC;
