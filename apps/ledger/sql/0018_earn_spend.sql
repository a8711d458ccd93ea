-- The ledger's writes as database functions (migration ledger.0018): locking the account,
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
-- Texts arrive fitted to their columns (the model's max_length, applied in Python once).

SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

CREATE OR REPLACE FUNCTION ledger_lock_account(p_member bigint, p_now timestamptz)
RETURNS ledger_pointsaccount LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
AS $$
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

-- The row every change returns.
CREATE OR REPLACE FUNCTION ledger_result(
    p_status text, acc ledger_pointsaccount, e ledger_ledgerentry)
RETURNS TABLE (
    status text, available bigint, pending bigint, id bigint, account_id bigint, points bigint,
    kind varchar, reason varchar, source varchar, actor_id bigint, rule_id bigint,
    idempotency_key varchar, fingerprint varchar, created_at timestamptz
) LANGUAGE sql IMMUTABLE AS $$
    SELECT p_status, acc.available, acc.pending, e.id, e.account_id, e.points, e.kind, e.reason,
           e.source, e.actor_id, e.rule_id, e.idempotency_key, e.fingerprint, e.created_at
$$;

-- Every change's opening: the lock, the idempotency key, the due check. status is null when the
-- change may go ahead.
CREATE OR REPLACE FUNCTION ledger_open_change(
    p_member bigint, p_key text, p_fingerprint text, p_now timestamptz, p_settled boolean,
    OUT account ledger_pointsaccount, OUT earlier ledger_ledgerentry, OUT status text)
LANGUAGE plpgsql AS $$
BEGIN
    account := ledger_lock_account(p_member, p_now);
    SELECT * INTO earlier FROM ledger_ledgerentry AS entry
    WHERE entry.account_id = (account).id AND entry.idempotency_key = p_key;
    IF FOUND THEN
        status := CASE WHEN earlier.fingerprint = p_fingerprint THEN 'replayed' ELSE 'conflict' END;
    ELSIF NOT p_settled AND (account).next_due_at <= p_now THEN
        status := 'due';
    END IF;
END $$;

-- The change's event, if it has one, in the outbox, in the same transaction as the change.
CREATE OR REPLACE FUNCTION ledger_announce(
    p_event text, p_member bigint, p_entry bigint, p_points bigint, p_now timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_event IS NOT NULL THEN
        INSERT INTO core_outboxevent (name, payload, created_at)
        VALUES (p_event,
                jsonb_build_object('member_id', p_member, 'entry_id', p_entry, 'points', p_points),
                p_now);
    END IF;
END $$;

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
    opening record;
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
    released boolean := p_available_at <= p_now;
BEGIN
    SELECT * INTO opening FROM ledger_open_change(p_member, p_key, p_fingerprint, p_now, p_settled);
    acc := opening.account;
    IF opening.status IS NOT NULL THEN
        RETURN QUERY SELECT * FROM ledger_result(opening.status, acc, opening.earlier);
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
    PERFORM ledger_announce(p_event, p_member, e.id, p_points, p_now);
    RETURN QUERY SELECT * FROM ledger_result('done', acc, e);
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
    opening record;
    acc ledger_pointsaccount;
    e ledger_ledgerentry;
BEGIN
    SELECT * INTO opening FROM ledger_open_change(p_member, p_key, p_fingerprint, p_now, p_settled);
    acc := opening.account;
    IF opening.status IS NOT NULL THEN
        RETURN QUERY SELECT * FROM ledger_result(opening.status, acc, opening.earlier);
        RETURN;
    END IF;
    IF acc.available < p_points THEN
        RETURN QUERY SELECT * FROM ledger_result('insufficient', acc, NULL);
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
    PERFORM ledger_announce(p_event, p_member, e.id, p_points, p_now);
    RETURN QUERY SELECT * FROM ledger_result('done', acc, e);
END $$;

-- Only the entry points are for callers (`migrate` grants them to the application's role, see
-- apps/core/database_roles.py); the helpers run inside them, as the owner.
REVOKE ALL ON FUNCTION ledger_lock_account(bigint, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_result(text, ledger_pointsaccount, ledger_ledgerentry) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_open_change(bigint, text, text, timestamptz, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_announce(text, bigint, bigint, bigint, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_take_in_spend_order(bigint, bigint, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_earn(bigint, bigint, text, text, text, bigint, bigint, text, text,
    timestamptz, timestamptz, timestamptz, boolean, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_spend(bigint, bigint, text, text, text, bigint, text, text,
    timestamptz, text, boolean) FROM PUBLIC;
