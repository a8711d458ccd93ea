-- Time-driven changes (migration ledger.0019): release pending lots whose return window has
-- passed, expire what remains of lots whose time has come, and settle one account before a
-- write. Same conventions as 0019_earn_spend.sql (owner's rights, fixed search_path).
--
-- The batch functions take many accounts at once, lock them (ordered by id; every writer of an
-- account's lots takes that lock first, so the lots are safe under it) and apply one statement,
-- so a million lots take a few statements per batch rather than a loop per row. Both are
-- idempotent (a released or emptied lot no longer matches); each returns the accounts it
-- changed with their balances after.

SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_temp', true);

CREATE OR REPLACE FUNCTION ledger_release_due(
    p_accounts bigint[], p_as_of timestamptz, p_now timestamptz)
RETURNS TABLE (account_id bigint, available bigint, pending bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
BEGIN
    PERFORM 1 FROM ledger_pointsaccount AS a WHERE a.id = ANY(p_accounts) ORDER BY a.id
        FOR UPDATE;
    RETURN QUERY
    WITH due AS (
        SELECT lot.id, lot.account_id, lot.remaining FROM ledger_pointslot AS lot
        WHERE lot.account_id = ANY(p_accounts) AND NOT lot.released AND lot.remaining > 0
          AND lot.available_at <= p_as_of
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

-- One entry (kind p_kind, reason p_reason) per account and expiry moment, for the lots that
-- expired together, carrying the key 'expire:lot:<first lot id>'; each lot records what it lost
-- and to which entry (expired_points, expired_by).
CREATE OR REPLACE FUNCTION ledger_expire_due(
    p_accounts bigint[], p_as_of timestamptz, p_now timestamptz, p_kind text, p_reason text)
RETURNS TABLE (account_id bigint, available bigint, pending bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
#variable_conflict use_column
BEGIN
    PERFORM 1 FROM ledger_pointsaccount AS a WHERE a.id = ANY(p_accounts) ORDER BY a.id
        FOR UPDATE;
    RETURN QUERY
    WITH grouped AS (
        -- The entry's id is drawn up front so that the lots can name it as they are emptied.
        -- No FOR UPDATE: the accounts' locks are held, which every writer of their lots takes.
        SELECT lot.account_id, lot.expires_at, sum(lot.remaining) AS points,
               min(lot.id) AS first_lot,
               nextval(pg_get_serial_sequence('ledger_ledgerentry', 'id')) AS entry_id
        FROM ledger_pointslot AS lot
        WHERE lot.account_id = ANY(p_accounts) AND lot.released AND lot.remaining > 0
          AND lot.expires_at <= p_as_of
        GROUP BY lot.account_id, lot.expires_at
    ), emptied AS (
        -- SET reads the row before the update: each lot keeps what it lost.
        UPDATE ledger_pointslot AS lot
        SET remaining = 0, expired_points = lot.remaining, expired_by_id = grouped.entry_id
        FROM grouped
        WHERE lot.account_id = grouped.account_id AND lot.expires_at = grouped.expires_at
          AND lot.released AND lot.remaining > 0
    ), entries AS (
        INSERT INTO ledger_ledgerentry
            (id, account_id, points, kind, reason, source, idempotency_key, fingerprint,
             created_at)
        SELECT g.entry_id, g.account_id, -g.points, p_kind, p_reason, 'lot:' || g.first_lot,
               'expire:lot:' || g.first_lot, 'expire', g.expires_at
        FROM grouped AS g
    ), totals AS (
        SELECT g.account_id, sum(g.points) AS points FROM grouped AS g GROUP BY g.account_id
    ), changed AS (
        UPDATE ledger_pointsaccount AS a
        SET available = a.available - totals.points, updated_at = p_now
        FROM totals WHERE a.id = totals.account_id
        RETURNING a.id, a.available, a.pending
    )
    SELECT * FROM changed;
END $$;

-- Release, then expire, what is due on one account, and work out when it is next due (null:
-- never). Returns the balances after and whether anything expired.
CREATE OR REPLACE FUNCTION ledger_settle(
    p_account bigint, p_as_of timestamptz, p_now timestamptz, p_expiry_kind text,
    p_expiry_reason text, OUT available bigint, OUT pending bigint, OUT expired boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM 1 FROM ledger_release_due(ARRAY[p_account], p_as_of, p_now);
    PERFORM 1 FROM ledger_expire_due(ARRAY[p_account], p_as_of, p_now, p_expiry_kind,
                                     p_expiry_reason);
    expired := FOUND;
    UPDATE ledger_pointsaccount AS a SET next_due_at = (
        SELECT min(CASE WHEN lot.released THEN lot.expires_at ELSE lot.available_at END)
        FROM ledger_pointslot AS lot WHERE lot.account_id = p_account AND lot.remaining > 0
    ) WHERE a.id = p_account
    RETURNING a.available, a.pending INTO available, pending;
END $$;

REVOKE ALL ON FUNCTION ledger_release_due(bigint[], timestamptz, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_expire_due(bigint[], timestamptz, timestamptz, text, text)
    FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_settle(bigint, timestamptz, timestamptz, text, text) FROM PUBLIC;
